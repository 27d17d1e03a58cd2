package io.facegate.tools.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Calibration data from a labeled folder ({@link LabeledFolder}): verification scores of all
 * same-person and different-person pairs (or of the pairs a CSV lists), and an open-set run that
 * enrolls the first photo of each person with two or more photos, probes with their other photos
 * and with strangers: the photos of a strangers folder, or else the people with a single photo.
 */
public record PeopleEval(
    LabeledFolder folder,
    String pairSource,
    PairScores pairs,
    String strangerSource,
    OpenSet openSet,
    List<Path> photos,
    PhotoEmbeddings embeddings) {

  public static PeopleEval run(
      Path dir,
      Path pairsCsv,
      Path strangers,
      PhotoEmbeddings embeddings,
      int workers,
      PhotoEmbeddings.Progress progress)
      throws Exception {
    LabeledFolder folder = LabeledFolder.read(dir);
    List<PairsCsv.Pair> listed = pairsCsv == null ? null : PairsCsv.read(pairsCsv, dir);
    List<Path> strangerPhotos =
        strangers != null ? LabeledFolder.files(strangers, true) : folder.singlePhotos();
    Set<Path> photos = new LinkedHashSet<>(folder.allPhotos());
    if (listed != null) {
      for (PairsCsv.Pair p : listed) {
        photos.add(p.photo1());
        photos.add(p.photo2());
      }
    }
    photos.addAll(strangerPhotos);
    List<Path> missing = photos.stream().filter(p -> !Files.isRegularFile(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          missing.size() + " photos are missing, e.g. " + missing.get(0));
    }
    embeddings.computeAll(photos, workers, progress);

    PairScores scores =
        listed == null
            ? PairScores.allPairs(folder, embeddings)
            : PairScores.listed(listed, embeddings);
    List<OpenSet.Entry> gallery = new ArrayList<>();
    for (LabeledFolder.Person p : folder.withSeveralPhotos()) {
      gallery.add(
          new OpenSet.Entry(p.name(), p.photos().get(0), p.photos().subList(1, p.photos().size())));
    }
    OpenSet openSet = OpenSet.run(gallery, strangerPhotos, embeddings);
    return new PeopleEval(
        folder,
        listed == null
            ? "all pairs of photos in " + dir
            : listed.size() + " pairs listed in " + pairsCsv,
        scores,
        strangers != null
            ? strangerPhotos.size() + " photos in " + strangers
            : strangerPhotos.size() + " people of " + dir + " with a single photo",
        openSet,
        List.copyOf(photos),
        embeddings);
  }

  /** Photos (of the folder, the pairs and the strangers) in which no usable face was found. */
  public long photosWithoutFace() {
    return photos.stream().filter(p -> !embeddings.get(p).hasFace()).count();
  }

  /** Why each photo without a face failed, for the report. */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (Path p : photos) {
      PhotoEmbeddings.Result r = embeddings.get(p);
      if (!r.hasFace()) {
        out.add(
            (p.startsWith(folder.root()) ? folder.root().relativize(p) : p) + ": " + r.failure());
      }
    }
    return out;
  }
}
