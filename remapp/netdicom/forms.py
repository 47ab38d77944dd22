"""Forms of the DICOM network pages."""

from __future__ import annotations

from django import forms

from remapp.models import DicomRemoteNode, StoreScpConfig

QR_MODALITIES = [("CT", "CT"), ("RF", "RF"), ("XA", "XA"), ("DX", "DX"), ("CR", "CR"), ("MG", "MG"),
                 ("SR", "SR (studies holding only a report)")]


class StoreScpConfigForm(forms.ModelForm):
    class Meta:
        model = StoreScpConfig
        fields = ["aet", "port", "bind"]


class DicomRemoteNodeForm(forms.ModelForm):
    class Meta:
        model = DicomRemoteNode
        fields = ["name", "aet", "host", "port", "calling_aet", "move_destination"]


class QueryForm(forms.Form):
    node = forms.ModelChoiceField(queryset=DicomRemoteNode.objects.all())
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    modalities = forms.MultipleChoiceField(choices=QR_MODALITIES, initial=["CT"],
                                           widget=forms.CheckboxSelectMultiple)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("The first date is after the last.")
        return data
