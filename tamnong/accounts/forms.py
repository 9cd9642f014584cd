"""The account pages' posted forms: the login code, the second factor's enrolment and policy, API tokens.
Values are read as typed; the rules (second_factor.py, tokens.py) check them."""

from tamnong.core.forms import PostedForm, Raw, Text


class LoginCodeForm(PostedForm):
    code = Text()
    next = Raw()


class SecondFactorForm(PostedForm):
    """Confirm or remove the authenticator app (its code), or set an office's policy (unit, require)."""

    action = Raw()
    code = Text()
    unit = Text()
    require = Raw()
    next = Raw()

    def clean_require(self) -> bool:
        return self.cleaned_data["require"] == "on"


class ApiTokenForm(PostedForm):
    """Make a token (its name) or revoke one."""

    action = Raw()
    token = Raw()
    name = Text()


class CarryOverForm(PostedForm):
    """The proposed role assignments the national office confirms (their keys)."""

    def proposals(self) -> list[str]:
        return self.data.getlist("proposal")
