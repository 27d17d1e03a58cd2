package io.facegate.index;

import java.util.function.BiConsumer;

/**
 * The k best distinct people among the rows offered, in one pass: a person's later, better row
 * raises their score. A person pushed out had a score below every survivor, and survivors only
 * improve, so they can only come back with a higher score than the one lost: the result is exact.
 * Arrays of k, no map: the scan calls {@link #offer} for every row it scores.
 */
final class TopPeople {
  private final String[] people;
  private final float[] scores;
  private int held;
  private int worst; // index of the lowest score held, once full
  private float bar =
      Float.NEGATIVE_INFINITY; // a row must beat this to matter once k people are held

  TopPeople(int k) {
    people = new String[k];
    scores = new float[k];
  }

  void offer(String owner, float score) {
    if (held == people.length && score <= bar) {
      return;
    }
    int at = indexOf(owner);
    if (at >= 0) {
      scores[at] = Math.max(scores[at], score);
    } else if (held < people.length) {
      people[held] = owner;
      scores[held++] = score;
    } else {
      people[worst] = owner;
      scores[worst] = score;
    }
    if (held == people.length) {
      worst = argMin();
      bar = scores[worst];
    }
  }

  void forEach(BiConsumer<String, Float> action) {
    for (int i = 0; i < held; i++) {
      action.accept(people[i], scores[i]);
    }
  }

  private int indexOf(String owner) {
    for (int i = 0; i < held; i++) {
      if (people[i].equals(owner)) {
        return i;
      }
    }
    return -1;
  }

  private int argMin() {
    int min = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] < scores[min]) {
        min = i;
      }
    }
    return min;
  }
}
