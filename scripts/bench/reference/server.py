"""A seed-style face verification server to measure facegate against: FastAPI + OpenCV DNN.

The pipeline of the project's first prototype: BlazeFace short range (128) finds the face, its
eyes, nose tip and mouth centre align it to the 112x112 template by a similarity transform, and
MobileFaceNet embeds it; the same ONNX files facegate runs, loaded with cv2.dnn.readNetFromONNX.
POST /verify takes a multipart `image` (and ignores `mode` and any token) and answers with the
enrolled person scoring highest. The gallery is read at start from REF_GALLERY (one sub-folder per
person, its first photo by name is enrolled) so that every uvicorn worker holds the same people.
A benchmark baseline only: no auth, no limits, no storage.
"""

import os
from pathlib import Path

import cv2
import numpy as np
from fastapi import FastAPI, File, HTTPException, UploadFile

MODELS = Path(os.environ.get("REF_MODELS", "models"))
GALLERY = os.environ.get("REF_GALLERY", "")
DETECTOR_SIZE = 128
MIN_SCORE = 0.65
TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [56.1396, 92.2848]],
    dtype=np.float32,
)

# One thread per worker, like facegate's workers x inference_threads = 2 x 1 on 2 cores.
cv2.setNumThreads(int(os.environ.get("REF_THREADS", "1")))
detector = cv2.dnn.readNetFromONNX(str(MODELS / "blazeface-front.onnx"))
embedder = cv2.dnn.readNetFromONNX(str(MODELS / "mobilefacenet.onnx"))
DETECTOR_OUTPUTS = ["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"]


def anchor_centres():
    """Anchor centres of the 16x16 grid (2 per cell) then the 8x8 grid (6 per cell), row-major."""
    centres = []
    for cells, per_cell in ((16, 2), (8, 6)):
        for y in range(cells):
            for x in range(cells):
                centres += [((x + 0.5) / cells, (y + 0.5) / cells)] * per_cell
    return np.array(centres, dtype=np.float32)


ANCHORS = anchor_centres()


def detect(bgr):
    """Eyes, nose tip and mouth centre of the highest-scoring face, in image pixels; or None."""
    h, w = bgr.shape[:2]
    scale = DETECTOR_SIZE / max(w, h)
    sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
    left, top = (DETECTOR_SIZE - sw) // 2, (DETECTOR_SIZE - sh) // 2
    resized = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    square = cv2.copyMakeBorder(
        resized, top, DETECTOR_SIZE - sh - top, left, DETECTOR_SIZE - sw - left,
        cv2.BORDER_CONSTANT, value=0)
    rgb = cv2.cvtColor(square, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1.0
    detector.setInput(rgb[np.newaxis])
    s16, s8, b16, b8 = detector.forward(DETECTOR_OUTPUTS)
    logits = np.clip(np.concatenate([s16.reshape(-1), s8.reshape(-1)]), -80, 80)
    scores = 1 / (1 + np.exp(-logits))
    best = int(np.argmax(scores))
    if scores[best] < MIN_SCORE:
        return None
    regress = np.concatenate([b16.reshape(-1, 16), b8.reshape(-1, 16)])[best]
    points = ANCHORS[best] + regress[4:12].reshape(4, 2) / DETECTOR_SIZE
    return (points * DETECTOR_SIZE - [left, top]) / scale


def embed(bgr, points):
    matrix, _ = cv2.estimateAffinePartial2D(points.astype(np.float32), TEMPLATE, method=cv2.LMEDS)
    crop = cv2.warpAffine(bgr, matrix, (112, 112), flags=cv2.INTER_LINEAR)
    rgb = (cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32) - 127.5) / 128.0
    embedder.setInput(rgb[np.newaxis])
    vector = embedder.forward().reshape(-1)
    return vector / np.linalg.norm(vector)


def read_face(data):
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise HTTPException(400, "not an image")
    points = detect(bgr)
    if points is None:
        raise HTTPException(422, "no face")
    return embed(bgr, points)


def enroll(folder):
    names, vectors = [], []
    for person in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        photo = sorted(person.glob("*.jp*g"))[0]
        names.append(person.name)
        vectors.append(read_face(photo.read_bytes()))
    return names, np.array(vectors, dtype=np.float32)


names, gallery = enroll(GALLERY) if GALLERY else ([], np.zeros((0, 192), np.float32))
app = FastAPI()


@app.post("/verify")
async def verify(image: UploadFile = File(...)):
    # Model runs stay on the event loop, one at a time per worker: a cv2.dnn.Net is not thread-safe.
    probe = read_face(await image.read())
    if not names:
        return {"match": False, "username": None, "score": None}
    scores = gallery @ probe
    best = int(np.argmax(scores))
    return {"match": bool(scores[best] >= 0.48), "username": names[best], "score": float(scores[best])}


@app.get("/readyz")
def ready():
    return {"status": "ready", "people": len(names)}
