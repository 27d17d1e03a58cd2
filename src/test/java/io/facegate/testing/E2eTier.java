package io.facegate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Test tier "e2e": a real server over HTTP with real models and SQLite, or external programs (a
 * browser, mosquitto, openssl) ({@code mvn -B test -Dgroups=e2e}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("e2e")
public @interface E2eTier {}
