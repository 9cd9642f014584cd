"""The NTM data-entry page's posted save: beside the values (ntm.entry.EntryForm), the version the page
showed and the period the values are for."""

from tamnong.core.forms import PostedForm, Raw


class EntrySaveForm(PostedForm):
    version = Raw()
    period = Raw()

    def clean_version(self) -> int | None:
        version = self.cleaned_data["version"]
        return int(version) if version else None

    def clean_period(self) -> str:
        period = self.cleaned_data["period"]
        return "quarter" if period is None else period
