"""Coded values for what image headers send as plain words or as (old) code sequences.

Results are :class:`remapp.dicom.sr.Coded`, the form the writer resolves to ContentItemDescriptions, keyed
like codes read from an RDSR (legacy SRT/SNM3 mapped to SCT), so a view or laterality read from an image
compares equal to the same concept read from a dose report.
"""

from __future__ import annotations

from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.sr.coding import Code

from remapp.dicom.codes import normalise
from remapp.dicom.sr import Coded

from .attrs import raw

# CID 10016 anode target and CID 10006 filter materials, keyed by the word headers use (CS values,
# PS3.3 C.8.7.10 and C.8.7.8). Both spellings of aluminium occur in the wild.
MATERIALS: dict[str, Code] = {
    "MOLYBDENUM": codes.SCT.Molybdenum,
    "RHODIUM": codes.SCT.Rhodium,
    "TUNGSTEN": codes.SCT.Tungsten,
    "SILVER": codes.SCT.Silver,
    "ALUMINUM": codes.SCT.Aluminum,
    "ALUMINIUM": codes.SCT.Aluminum,
    "COPPER": codes.SCT.Copper,
    "LEAD": codes.SCT.Lead,
    "TIN": codes.SCT.Tin,
}

# Image Laterality (0020,0062) / Laterality (0020,0060) to CID 6022 / 244 concepts.
LATERALITY: dict[str, Code] = {
    "R": codes.SCT.Right,
    "L": codes.SCT.Left,
    "B": codes.SCT.Bilateral,
}

# View Position (0018,5101) words to CID 4014 (mammography) and CID 4010 (radiography) views, used
# only when the image has no View Code Sequence.
VIEWS: dict[str, Code] = {
    "CC": codes.SCT.CranioCaudal,
    "MLO": codes.SCT.MedioLateralObliqueProjection,
    "ML": codes.SCT.MedioLateralProjection,
    "LM": codes.SCT.LateroMedial,
    "LMO": codes.SCT.LateroMedialObliqueProjection,
    "XCCL": codes.SCT.CranioCaudalExaggeratedLaterally,
    "XCCM": codes.SCT.CranioCaudalExaggeratedMedially,
    "AP": codes.SCT.AnteroPosterior,
    "PA": codes.SCT.PosteroAnterior,
    "LL": codes.SCT.Lateral,
    "RL": codes.SCT.Lateral,
    "LAT": codes.SCT.Lateral,
}

# Body Part Examined (0018,0015) words to anatomy codes, when there is no Anatomic Region Sequence.
BODY_PARTS: dict[str, Code] = {
    "BREAST": codes.SCT.Breast,
    "CHEST": codes.SCT.Chest,
    "ABDOMEN": codes.SCT.Abdomen,
    "PELVIS": codes.SCT.Pelvis,
    "SKULL": codes.SCT.Skull,
    "HAND": codes.SCT.Hand,
    "FOOT": codes.SCT.Foot,
    "KNEE": codes.SCT.Knee,
    "HIP": codes.SCT.Hip,
    "SHOULDER": codes.SCT.Shoulder,
    "ELBOW": codes.SCT.ElbowJoint,
    "WRIST": codes.SCT.WristJoint,
    "ANKLE": codes.SCT.AnkleJoint,
}

# X-Ray Grid (0018,1166) words to CID 10017.
GRIDS: dict[str, Code] = {
    "FIXED": codes.DCM.FixedGrid,
    "FOCUSED": codes.DCM.FocusedGrid,
    "RECIPROCATING": codes.DCM.ReciprocatingGrid,
    "PARALLEL": codes.DCM.ParallelGrid,
    "CROSSED": codes.DCM.CrossedGrid,
    "NONE": codes.DCM.NoGrid,
}

# CT Acquisition Type (0018,9302) words to CID 10013.
CT_ACQUISITION_TYPES: dict[str, Code] = {
    "SEQUENCED": codes.DCM.SequencedAcquisition,
    "SPIRAL": codes.SCT.SpiralAcquisition,
    "CONSTANT_ANGLE": codes.DCM.ConstantAngleAcquisition,
    "STATIONARY": codes.DCM.StationaryAcquisition,
    "FREE": codes.DCM.FreeAcquisition,
}


def coded(code: Code) -> Coded:
    """A named constant as the writer's coded value."""
    return make(code.scheme_designator, code.value, code.meaning)


def make(scheme: str, value: str, meaning: str) -> Coded:
    return Coded(scheme, value, meaning, normalise(scheme, value))


def from_sequence(ds: Dataset, keyword: str) -> Coded | None:
    """The first item of a code sequence (View Code, Anatomic Region, ...), or None."""
    items = raw(ds, keyword)
    if not items:
        return None
    item = items[0]
    value, scheme = str(item.get("CodeValue", "") or ""), str(item.get("CodingSchemeDesignator", "") or "")
    if not value or not scheme:
        return None
    return make(scheme, value, str(item.get("CodeMeaning", "") or ""))


def lookup(table: dict[str, Code], word: str) -> Coded | None:
    """A header word's code; a word cut short by a length limit (GE's 'FO') matches if unambiguous."""
    word = word.strip().upper()
    if not word:
        return None
    if word in table:
        return coded(table[word])
    candidates = {code for key, code in table.items() if len(word) >= 2 and key.startswith(word)}
    return coded(candidates.pop()) if len(candidates) == 1 else None
