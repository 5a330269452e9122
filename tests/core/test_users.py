import pytest

from roubaix_incubator.core.models import User

pytestmark = pytest.mark.django_db


def test_create_user_lowercases_email_and_hashes_password():
    user = User.objects.create_user("Nadia.Benali@Example.ORG", password="Roubaix-2026-motdepasse")

    assert user.email == "nadia.benali@example.org"
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.check_password("Roubaix-2026-motdepasse")
    assert user.password != "Roubaix-2026-motdepasse"


def test_create_user_without_email_refused():
    with pytest.raises(ValueError, match="An e-mail address is required."):
        User.objects.create_user("", password="x")


def test_create_superuser_is_staff():
    user = User.objects.create_superuser("chef.de.projet@ville-roubaix.fr", password="Roubaix-2026-motdepasse")

    assert (user.is_staff, user.is_superuser) == (True, True)


@pytest.mark.parametrize(
    ("full_name", "shown", "short"),
    [("Nadia Benali", "Nadia Benali", "Nadia"), ("", "nadia@example.org", "nadia@example.org")],
)
def test_user_names_fall_back_to_email(full_name, shown, short):
    user = User(email="nadia@example.org", full_name=full_name)

    assert (str(user), user.get_full_name(), user.get_short_name()) == (shown, shown, short)
