"""The base of every posted form: fields read the text as it was typed, and a refusal is the `DomainError`
that names the field, raised by `parsed()` so that a view refuses a bad form as it refuses a bad act."""

from django import forms

from tamnong.core.errors import DomainError


class Raw(forms.Field):
    """A value exactly as posted, None when missing (the services read and check it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class Text(Raw):
    """A text exactly as posted, "" when missing (the services strip and check it)."""

    def to_python(self, value):
        return "" if value is None else value


class RawFile(Raw):
    """An uploaded file as sent, None when none is."""

    widget = forms.FileInput


class PostedForm(forms.Form):
    """Clean methods refuse through `refuse()`; `parsed()` gives the cleaned values or raises the first refusal,
    in the order of the fields."""

    def __init__(self, data, files=None, **kwargs):
        self.refusals: list[DomainError] = []
        super().__init__(data, files, **kwargs)

    def refuse(self, error: DomainError):
        self.refusals.append(error)
        raise forms.ValidationError(error.message_vi, code="refused")

    def read(self, reader, *args, **kwargs):
        """`reader(*args)`, its DomainError a refusal of the field."""
        try:
            return reader(*args, **kwargs)
        except DomainError as error:
            self.refuse(error)

    def parsed(self) -> dict:
        if not self.is_valid():
            if self.refusals:
                raise self.refusals[0]
            field, messages = next(iter(self.errors.items()))
            raise DomainError(str(messages[0]), field=field)  # a form's message, translated already
        return self.cleaned_data
