"""The password policy: length, three character classes, no user name, no reuse of the last 5."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from zicha.web.accounts.history import PasswordHistory
from zicha.web.accounts.services import account_password_change, generate_one_time_password
from zicha.web.accounts.validators import (
    ZICHA_PASSWORD_VALIDATORS,
    CharacterClassesValidator,
    character_classes,
    password_validators,
)

from .support import PASSWORD, make_user


def codes(password, user=None):
    try:
        validate_password(password, user, password_validators=password_validators())
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(("password", "count"), [
    ("abcdefghij", 1), ("abcdeFGHIJ", 2), ("abcdeFGH12", 3), ("abcDE12#xy", 4),
    ("病历系统abcdef12", 3), ("ABCDEF123 ", 2),
])
def test_character_classes(password, count):
    assert character_classes(password) == count


def test_policy_messages(db):
    user = make_user("zhangsan")
    assert "password_too_short" in codes("Ab1#xyz", user)
    assert "password_too_simple" in codes("onlylowercaseletters", user)
    assert "password_too_simple" not in codes("Lowerand123only", user)
    assert "password_contains_username" in codes("My-ZhangSan-2024", user)
    assert codes("Kq7#vRw2-mTz", user) == set()


def test_messages_are_chinese(db):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert "大写" in CharacterClassesValidator().get_help_text()
        with pytest.raises(ValidationError) as exc:
            validate_password("Ab1#", None, password_validators=password_validators())
        assert "密码太短" in exc.value.messages[0]


def test_zicha_validators_are_added_to_the_settings_ones(settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
         "OPTIONS": {"min_length": 12}}]
    validators = password_validators()
    names = [type(v).__name__ for v in validators]
    assert names.count("MinimumLengthValidator") == 1        # the configured one wins …
    length = next(v for v in validators if type(v).__name__ == "MinimumLengthValidator")
    assert length.min_length == 12 and type(length).__module__ == "zicha.web.accounts.validators"
    assert "CharacterClassesValidator" in names and "PasswordHistoryValidator" in names
    settings.AUTH_PASSWORD_VALIDATORS = ZICHA_PASSWORD_VALIDATORS
    assert len(password_validators()) == len(ZICHA_PASSWORD_VALIDATORS)


def test_the_last_five_passwords_cannot_be_reused(db):
    user = make_user("lisi", password="Start-Pass-00")
    passwords = [f"Rotate-Pass-{n:02d}" for n in range(1, 7)]
    old = "Start-Pass-00"
    for new in passwords:
        account_password_change(user=user, old_password=old, new_password=new)
        old = new
    assert PasswordHistory.objects.filter(user=user).count() == 5
    # current + the four before it are refused; the sixth-last is allowed again
    for reused in passwords[-5:]:
        assert "password_reused" in codes(reused, user), reused
    assert "password_reused" not in codes(passwords[0], user)
    account_password_change(user=user, old_password=old, new_password=passwords[0])


def test_current_password_counts_even_without_history(db):
    user = make_user("wangwu")                  # made without the services: no history row
    assert "password_reused" in codes(PASSWORD, user)


def test_one_time_passwords_meet_the_policy(db):
    user = make_user("zhaoliu")
    for _ in range(30):
        password = generate_one_time_password()
        assert len(password) == 14 and character_classes(password) == 4
        assert codes(password, user) == set()
