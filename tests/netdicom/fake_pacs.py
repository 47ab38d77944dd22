"""A small PACS for the tests: a pynetdicom Query/Retrieve SCP (study root, C-FIND and C-MOVE) that
holds a few datasets and sends them to the AE titles it knows."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE, evt
from pynetdicom.sop_class import (
    StudyRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelMove,
    Verification,
)

LEVEL_KEYS = {
    "STUDY": ("StudyInstanceUID",),
    "SERIES": ("StudyInstanceUID", "SeriesInstanceUID"),
    "IMAGE": ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"),
}


def _in_range(date: str, wanted: str) -> bool:
    if not wanted:
        return True
    low, _, high = wanted.partition("-") if "-" in wanted else (wanted, "", wanted)
    return (not low or date >= low) and (not high or date <= high)


@dataclass
class FakePacs:
    datasets: list[Dataset]
    destinations: dict[str, tuple[str, int]]
    aet: str = "FAKEPACS"
    moves: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (level, SOP instance UIDs sent)
    finds: list[str] = field(default_factory=list)
    server: object = None

    def start(self) -> FakePacs:
        ae = AE(ae_title=self.aet)
        ae.add_supported_context(StudyRootQueryRetrieveInformationModelFind)
        ae.add_supported_context(StudyRootQueryRetrieveInformationModelMove)
        ae.add_supported_context(Verification)
        for sop_class in sorted({str(ds.SOPClassUID) for ds in self.datasets}):
            ae.add_requested_context(sop_class, [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
        ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 30
        handlers = [(evt.EVT_C_FIND, self._find), (evt.EVT_C_MOVE, self._move)]
        self.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
        return self

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def stop(self) -> None:
        self.server.shutdown()

    def _matches(self, query: Dataset) -> list[Dataset]:
        level = query.QueryRetrieveLevel
        found = []
        for ds in self.datasets:
            if not _in_range(ds.get("StudyDate", ""), query.get("StudyDate", "") or ""):
                continue
            wanted_modality = query.get("ModalitiesInStudy", "") or ""
            if wanted_modality and wanted_modality not in self._modalities(ds.StudyInstanceUID):
                continue
            if all(not query.get(key) or _uid_match(query.get(key), ds.get(key)) for key in LEVEL_KEYS[level]):
                found.append(ds)
        return found

    def _modalities(self, study_uid: str) -> list[str]:
        return sorted({ds.Modality for ds in self.datasets if ds.StudyInstanceUID == study_uid})

    def _find(self, event):
        query = event.identifier
        level = query.QueryRetrieveLevel
        self.finds.append(level)
        seen = set()
        for ds in self._matches(query):
            key = tuple(str(ds.get(k)) for k in LEVEL_KEYS[level])
            if key in seen:
                continue
            seen.add(key)
            answer = Dataset()
            answer.QueryRetrieveLevel = level
            for keyword in query.dir():
                if keyword == "QueryRetrieveLevel":
                    continue
                if keyword == "ModalitiesInStudy":
                    answer.ModalitiesInStudy = self._modalities(ds.StudyInstanceUID)
                elif keyword == "NumberOfSeriesRelatedInstances":
                    answer.NumberOfSeriesRelatedInstances = sum(
                        1 for other in self.datasets if other.SeriesInstanceUID == ds.SeriesInstanceUID)
                else:
                    setattr(answer, keyword, ds.get(keyword, ""))
            yield 0xFF00, answer

    def _move(self, event):
        destination = self.destinations.get(event.move_destination.decode().strip()
                                             if isinstance(event.move_destination, bytes)
                                             else str(event.move_destination).strip())
        if destination is None:
            yield None, None
            return
        matches = self._matches(event.identifier)
        self.moves.append((event.identifier.QueryRetrieveLevel, tuple(str(ds.SOPInstanceUID) for ds in matches)))
        yield destination
        yield len(matches)
        for ds in matches:
            yield 0xFF00, ds


def _uid_match(wanted, actual) -> bool:
    if isinstance(wanted, str):
        return wanted == str(actual)
    return str(actual) in {str(w) for w in wanted}
