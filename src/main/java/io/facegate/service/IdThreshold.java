package io.facegate.service;

/**
 * The identification (1:N) threshold in force, how it was set and for how large a gallery.
 *
 * <p>A stranger is wrongly identified when their best score against any of the N enrolled people
 * reaches the threshold, so the stranger acceptance rate (FPIR) grows with N: a threshold that is
 * safe for 20 people is not safe for 1,000. With {@code threshold_id = auto} the server derives the
 * threshold for a target FPIR from two estimates:
 *
 * <ul>
 *   <li>cohort: from the shipped impostor tail (a labeled calibration set), each of the N
 *       comparisons may pass with rate f where 1 - (1 - f)^N = FPIR. It knows the model, not this
 *       gallery.
 *   <li>gallery: each sampled enrolled person plays a stranger to everyone else; the threshold just
 *       above the best "stranger" scores lets at most the target share of them through. It measures
 *       this gallery (its look-alikes, its size, no independence assumption), but from few
 *       exceedances: at 1% FPIR, 374 people give 3.7, so its value moves by a few hundredths from
 *       one sample to the next.
 * </ul>
 *
 * The two are averaged with weights k : {@value #PRIOR_EXCEEDANCES}, where k = samples x FPIR is
 * the number of exceedances the gallery estimate rests on: the cohort counts as {@value
 * #PRIOR_EXCEEDANCES} exceedances of prior evidence, so a small gallery leans on it and a large one
 * on itself. Finally the threshold never goes below the 1:1 (auth) threshold ({@code floor}):
 * naming someone must be at least as hard as confirming a claimed name. {@code fixed}: a number
 * configured by the operator.
 */
public record IdThreshold(double value, int galleryPeople, String method) {
  static final double PRIOR_EXCEEDANCES = 3;

  public static IdThreshold fixed(double value, int galleryPeople) {
    return new IdThreshold(value, galleryPeople, "fixed");
  }

  /**
   * {@code strangerBest}: for each sampled enrolled person, their best score against anyone else
   * (empty when no sample was taken).
   */
  public static IdThreshold derive(
      double targetFpir,
      int galleryPeople,
      double[] strangerBest,
      ImpostorTail tail,
      double floor) {
    double perComparison = 1 - Math.pow(1 - targetFpir, 1.0 / Math.max(1, galleryPeople));
    double value = tail.thresholdAtFar(perComparison);
    String method = "cohort";
    if (strangerBest.length >= 2) {
      double measured = ScoreCut.atRate(strangerBest, targetFpir);
      double exceedances = targetFpir * strangerBest.length;
      double weight = exceedances / (exceedances + PRIOR_EXCEEDANCES);
      value = weight * measured + (1 - weight) * value;
      method = "gallery";
    }
    return value < floor
        ? new IdThreshold(floor, galleryPeople, "floor")
        : new IdThreshold(value, galleryPeople, method);
  }
}
