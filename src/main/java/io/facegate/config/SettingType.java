package io.facegate.config;

import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What one setting accepts: the JSON type a config file must use, how an environment string is
 * read, and the allowed range or values. {@link #expected()} is both the documentation's "allowed"
 * column and the tail of the error a bad value gets.
 */
sealed interface SettingType {

  /**
   * The value in its canonical form (Long, Double, String or a List of String);
   * IllegalArgumentException when not allowed.
   */
  Object fromJson(Object value);

  /** An environment variable's text, read as this type. */
  Object fromText(String text);

  /** The type's name in the documentation. */
  String name();

  /** What is allowed, e.g. "a whole number from 1 to 256". */
  String expected();

  default IllegalArgumentException refused() {
    return new IllegalArgumentException("must be " + expected());
  }

  /** A number written as text, read by {@code parser} and then checked like a JSON value. */
  default Object fromNumberText(String text, Function<String, Number> parser) {
    try {
      return fromJson(parser.apply(text.strip()));
    } catch (NumberFormatException e) {
      throw refused();
    }
  }

  /** Free text; {@code blankAllowed} false for the settings that cannot mean anything empty. */
  record Text(boolean blankAllowed) implements SettingType {
    @Override
    public Object fromJson(Object value) {
      if (!(value instanceof String s) || (!blankAllowed && s.isBlank())) {
        throw refused();
      }
      return s;
    }

    @Override
    public Object fromText(String text) {
      return fromJson(text);
    }

    @Override
    public String name() {
      return "string";
    }

    @Override
    public String expected() {
      return blankAllowed ? "a string" : "a non-empty string";
    }
  }

  record Whole(long min, long max) implements SettingType {
    @Override
    public Object fromJson(Object value) {
      if (!(value instanceof Number n)
          || n.doubleValue() != n.longValue()
          || n.longValue() < min
          || n.longValue() > max) {
        throw refused();
      }
      return n.longValue();
    }

    @Override
    public Object fromText(String text) {
      return fromNumberText(text, Long::parseLong);
    }

    @Override
    public String name() {
      return "integer";
    }

    @Override
    public String expected() {
      return "a whole number from " + min + " to " + max;
    }
  }

  record Decimal(double min, double max) implements SettingType {
    @Override
    public Object fromJson(Object value) {
      // The negated test also refuses NaN, which compares false to every bound.
      if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
        throw refused();
      }
      return n.doubleValue();
    }

    @Override
    public Object fromText(String text) {
      return fromNumberText(text, Double::parseDouble);
    }

    @Override
    public String name() {
      return "number";
    }

    @Override
    public String expected() {
      return "a number from " + plain(min) + " to " + plain(max);
    }

    private static String plain(double bound) {
      return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
  }

  /** One of a few words, matched ignoring case and kept in the listed spelling. */
  record Choice(List<String> values) implements SettingType {
    @Override
    public Object fromJson(Object value) {
      if (value instanceof String s) {
        for (String allowed : values) {
          if (allowed.equalsIgnoreCase(s.strip())) {
            return allowed;
          }
        }
      }
      throw refused();
    }

    @Override
    public Object fromText(String text) {
      return fromJson(text);
    }

    @Override
    public String name() {
      return "choice";
    }

    @Override
    public String expected() {
      return "one of " + String.join(", ", values);
    }
  }

  /**
   * IP address ranges ({@link Cidr}), kept as a list of their texts: a JSON list of strings, or
   * comma-separated in an environment variable.
   */
  record Cidrs() implements SettingType {
    @Override
    public Object fromJson(Object value) {
      if (value instanceof String s) {
        return fromText(s);
      }
      if (!(value instanceof JsonArray list)) {
        throw refused();
      }
      return list.stream().map(item -> parse(item instanceof String s ? s : null)).toList();
    }

    @Override
    public Object fromText(String text) {
      return Arrays.stream(text.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .map(this::parse)
          .toList();
    }

    private String parse(String text) {
      if (text == null) {
        throw refused();
      }
      try {
        return Cidr.parse(text).toString();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + "; must be " + expected());
      }
    }

    @Override
    public String name() {
      return "list";
    }

    @Override
    public String expected() {
      return "a list of IP addresses or ranges such as 10.0.0.0/8 or fd00::/8"
          + " (comma-separated in the environment)";
    }
  }

  /** The word {@code auto} (kept as NaN) or a number in range, as a JSON number or as text. */
  record AutoOr(Decimal number) implements SettingType {
    @Override
    public Object fromJson(Object value) {
      if (value instanceof String s) {
        return fromText(s);
      }
      try {
        return number.fromJson(value);
      } catch (IllegalArgumentException e) {
        throw refused();
      }
    }

    @Override
    public Object fromText(String text) {
      if (text.strip().toLowerCase(Locale.ROOT).equals("auto")) {
        return Double.NaN;
      }
      try {
        return number.fromText(text);
      } catch (IllegalArgumentException e) {
        throw refused();
      }
    }

    @Override
    public String name() {
      return "auto or number";
    }

    @Override
    public String expected() {
      return "auto or " + number.expected();
    }
  }
}
