"""A dose report carrying HTML/JS in its strings is imported as text and rendered inert everywhere."""

import pytest

from remapp.extractors.rdsr import rdsr
from remapp.models import GeneralStudyModuleAttributes
from remapp.testing.dicom_builder import CtEvent, ct_rdsr, save

pytestmark = pytest.mark.django_db

EVIL = '<script>alert("dose")</script><img src=x onerror=alert(1)>'


def test_crafted_strings_are_escaped_in_list_detail_and_admin(client, personas, tmp_path):
    report = ct_rdsr([CtEvent(protocol=EVIL)], total_dlp="250.25", description=EVIL, institution=EVIL,
                     station="ST<b>1</b>", model="M'\"odel")
    result = rdsr(save(report, tmp_path / "crafted.dcm"))
    assert result.status.value == "imported", result.reason
    study = GeneralStudyModuleAttributes.objects.get()
    assert study.study_description == EVIL  # stored exactly as sent: escaping is the page's job

    client.force_login(personas["superuser"])
    pages = ["/openrem/", "/openrem/ct/", f"/openrem/ct/{study.pk}/", f"/openrem/ct/{study.pk}/delete/",
             "/admin/remapp/generalstudymoduleattributes/",
             f"/admin/remapp/generalstudymoduleattributes/{study.pk}/change/",
             "/admin/remapp/ctirradiationeventdata/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>1</b>" not in html, url
    detail = client.get(f"/openrem/ct/{study.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;dose&quot;)&lt;/script&gt;" in detail
