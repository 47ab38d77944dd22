"""The pure header readers, on datasets built in memory (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import Tag
from pydicom.uid import generate_uid

from remapp.extractors.headers import attrs, coded
from remapp.extractors.headers.ct_philips import is_philips_dose_info, read_ct_philips
from remapp.extractors.headers.mg import average_glandular_dose_mgy, read_mg
from remapp.extractors.headers.projection import entrance_dose_mgy, exposure_identity, read_projection_event
from remapp.testing import image_builder as b


def _as_read(ds: Dataset, tag: int, vr: str, value: bytes) -> None:
    """Put ``value`` in ``ds`` the way pydicom reads it from a file: unvalidated until accessed (a
    malformed value cannot be set directly)."""
    ds[tag] = RawDataElement(Tag(tag), vr, len(value), value, 0, False, True)


def _ds(**attributes) -> Dataset:
    return b.image({}, "1.2.3", **attributes)


def test_numbers_keep_the_digits_sent():
    ds = _ds(KVP="69.639999", ExposureIndex="051.745061")
    assert attrs.number(ds, "KVP") == Decimal("69.639999")
    assert attrs.number(ds, "ExposureIndex") == Decimal("51.745061")
    assert attrs.to_decimal(0.8355391387939453) == Decimal("0.8355391387939453")  # FD via repr


@pytest.mark.filterwarnings("ignore:Invalid value for VR")
def test_multi_values_split_on_backslash_comma_or_slash():
    ds = _ds(FilterMaterial="ALUMINUM,COPPER", Grid=["RECIPROCATING", "FO"])
    _as_read(ds, 0x00187052, "DS", b"1.06,0.206")  # what Kodak writes: one malformed DS
    assert attrs.texts(ds, "FilterMaterial") == ["ALUMINUM", "COPPER"]
    assert attrs.decimals(ds, "FilterThicknessMinimum") == [Decimal("1.06"), Decimal("0.206")]
    assert attrs.texts(ds, "Grid") == ["RECIPROCATING", "FO"]


@pytest.mark.filterwarnings("ignore:Invalid value for VR")
def test_missing_empty_and_malformed_values_are_none():
    ds = _ds(KVP="")
    _as_read(ds, 0x00181150, "IS", b"abc ")
    assert attrs.number(ds, "KVP") is None and attrs.number(ds, "ExposureTime") is None
    assert attrs.number(ds, "XRayTubeCurrent") is None and attrs.texts(ds, "Grid") == []


def test_finest_unit_first():
    ds = _ds(Exposure="52", ExposureInuAs="51800")
    assert attrs.first_number(ds, (("ExposureInuAs", 1), ("Exposure", 1000))) == 51800
    assert attrs.first_number(_ds(Exposure="52"), (("ExposureInuAs", 1), ("Exposure", 1000))) == 52000


def test_moment_from_dt_or_date_and_time():
    with_dt = _ds(AcquisitionDateTime="20140930141133.000000")
    assert attrs.moment(with_dt, "UTC", "AcquisitionDateTime", "AcquisitionDate", "AcquisitionTime").hour == 14
    pair = _ds(AcquisitionDate="20130412", AcquisitionTime="132223")
    moment = attrs.moment(pair, "Europe/London", "AcquisitionDateTime", "AcquisitionDate", "AcquisitionTime")
    assert (moment.isoformat()) == "2013-04-12T13:22:23+01:00"


def test_word_lookup_with_truncated_and_unknown_words():
    assert coded.lookup(coded.GRIDS, "FO").value == "111642"  # FOCUSED, cut to two characters
    assert coded.lookup(coded.GRIDS, "F") is None  # FIXED or FOCUSED: ambiguous
    assert coded.lookup(coded.MATERIALS, "aluminium").meaning == "Aluminum"
    assert coded.lookup(coded.MATERIALS, "UNOBTAINIUM") is None


def test_legacy_snomed_view_codes_become_snomed_ct():
    item = _ds(CodeValue="R-10242", CodingSchemeDesignator="SNM3", CodeMeaning="cranio-caudal")
    view = coded.from_sequence(_ds(ViewCodeSequence=[item]), "ViewCodeSequence")
    assert view.key == ("SCT", "399162004")


def test_exposure_identity_order():
    own = _ds(SOPInstanceUID="1.1")
    assert exposure_identity(own) == "1.1"
    source = _ds(ReferencedSOPInstanceUID="1.0")
    derived = _ds(SOPInstanceUID="1.2", SourceImageSequence=[source])
    assert exposure_identity(derived) == "1.0"
    derived.IrradiationEventUID = "9.9"
    assert exposure_identity(derived) == "9.9"
    assert exposure_identity(_ds(SOPInstanceUID="1.3", SourceImageSequence=[Dataset()])) == "1.3"


def test_entrance_dose_and_agd_units():
    assert entrance_dose_mgy(_ds(EntranceDoseInmGy="1.694", EntranceDose=0)) == Decimal("1.694")
    assert entrance_dose_mgy(_ds(EntranceDose=2)) == 200
    assert entrance_dose_mgy(_ds(EntranceDose=0)) is None
    assert average_glandular_dose_mgy(_ds(OrganDose="0.00547", OrganExposed="BREAST")) == Decimal("0.54700")
    assert average_glandular_dose_mgy(_ds(OrganDose="0.1", OrganExposed="THYROID")) is None


def test_dap_in_dgy_cm2_becomes_gy_m2():
    event = read_projection_event(_ds(SOPInstanceUID="1", ImageAndFluoroscopyAreaDoseProduct="11.013"))
    assert event.dose_area_product == Decimal("0.00011013")


def test_mammography_record_from_a_synthetic_header():
    image = read_mg(b.image(b.MG_DEFAULTS, generate_uid()), "UTC")
    event = image.event
    assert (event.kvp, event.exposure, event.exposure_time, event.xray_tube_current) == (29, 80000, 1000, 80)
    assert event.anode_target_material.meaning == "Tungsten"
    assert [f.xray_filter_material.meaning for f in event.filters] == ["Silver"]
    assert event.image_view.meaning == "medio-lateral oblique" and event.laterality.meaning == "Right"
    assert event.average_glandular_dose == Decimal("1.5") and event.entrance_exposure_at_rp == Decimal("5.5")
    assert (event.compression_thickness, event.compression_force) == (45, 90)


@pytest.mark.vendor
def test_philips_dose_info_reader(vendor_file):
    import pydicom

    ds = pydicom.dcmread(vendor_file("CT-SC-Philips_Brilliance16P.dcm"))
    assert is_philips_dose_info(ds)
    image = read_ct_philips(ds, "UTC")
    assert len(image.events) == 4 and image.ct_dose_length_product_total == Decimal("1102.44609")
    assert image.events[3].xray_tube_current == Decimal("246.999047")
    assert not is_philips_dose_info(_ds(ImageType=["DERIVED", "SECONDARY", "DOSE_INFO"], Manufacturer="GE"))
