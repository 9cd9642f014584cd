"""A domain error carries one catalogue message and its parameters, translated when it is shown, in the
language active then (not the one active when it was raised)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.i18n import Bilingual
from tamnong.rules.errors import InputError


def test_the_message_is_translated_when_shown_with_its_parameters():
    with translation.override("en"):
        error = DomainError(_("A token named “%(name)s” is already in use."), {"name": "báo cáo"}, field="name")
    with translation.override("vi"):
        assert error.message() == "Đã có một khoá đang dùng tên «báo cáo»."
    with translation.override("en"):
        assert error.message() == "A token named “báo cáo” is already in use."
    assert error.message_vi == "Đã có một khoá đang dùng tên «báo cáo»." and error.field == "name"


def test_a_parameter_given_in_both_languages_follows_the_message():
    error = DomainError(_("Say why the dossier is returned."))
    assert error.params == {} and "%" not in error.message_en
    named = DomainError(_("No province “%(key)s”."), {"key": Bilingual("Tỉnh Phú Thọ", "Phu Tho province")})
    assert named.message_vi == "Không có tỉnh «Tỉnh Phú Thọ»."
    assert named.message_en == "No province “Phu Tho province”."


def test_an_engine_error_becomes_a_domain_error_in_both_languages():
    error = NotFoundError.of(InputError("Sai mã.", "Wrong code.", "code"), field="code")
    assert isinstance(error, NotFoundError) and error.field == "code"
    assert (error.message_vi, error.message_en) == ("Sai mã.", "Wrong code.")
