package io.facegate.vision;

import java.util.List;
import java.util.Locale;

/**
 * The face embedder: its file, the length of its embeddings and the input it expects (a crop on the
 * 112x112 five-point template in RGB or BGR order, scaled to (pixel - mean) / std, channels last or
 * first). Embeddings of different embedders live in different spaces; the model id derived from the
 * file keeps them apart.
 */
public enum EmbedderChoice {
  /** MobileFaceNet converted from TFLite: 192-D, RGB, NHWC. */
  MOBILEFACENET("mobilefacenet.onnx", 192, true, 127.5, 128, false),
  /**
   * The 512-D network of the faceplugin package (PyTorch export): NCHW, (pixel - 127) / 128 as its
   * own code does, but BGR: the package's code feeds RGB, and BGR separates people clearly better
   * (see docs/accuracy.md).
   */
  FR_FEATURE("fr_feature.onnx", 512, false, 127, 128, true);

  private final String file;
  private final int dimension;
  private final boolean rgb;
  private final double mean;
  private final double std;
  private final boolean channelsFirst;

  EmbedderChoice(
      String file, int dimension, boolean rgb, double mean, double std, boolean channelsFirst) {
    this.file = file;
    this.dimension = dimension;
    this.rgb = rgb;
    this.mean = mean;
    this.std = std;
    this.channelsFirst = channelsFirst;
  }

  public String file() {
    return file;
  }

  public int dimension() {
    return dimension;
  }

  /** Channel order: RGB, or BGR as OpenCV decodes. */
  public boolean rgb() {
    return rgb;
  }

  public double mean() {
    return mean;
  }

  public double std() {
    return std;
  }

  public boolean channelsFirst() {
    return channelsFirst;
  }

  /** The value of the {@code embedder} setting that selects this choice. */
  public String setting() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The id the loaded embedder reports, without loading it: for commands that check stored ids. */
  public String modelId(ModelRepository models) {
    return ModelId.of(file, models.read(file));
  }

  /**
   * Ids that earlier files of this embedder gave the same embeddings under (see
   * ModelRepository#formerSha256).
   */
  public List<String> formerModelIds(ModelRepository models) {
    return models.formerSha256(file).stream().map(sha -> ModelId.of(file, sha)).toList();
  }

  public static EmbedderChoice parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (EmbedderChoice c : values()) {
      if (c.setting().equals(wanted)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "embedder must be 'mobilefacenet' or 'fr_feature', got '" + value + "'");
  }
}
