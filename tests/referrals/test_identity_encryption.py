"""A case's name and phone are encrypted at rest: a database dump alone does not reveal who.

The stored columns are read with SQL, not through the ORM, to see what a dump would hold.
"""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse

from facilities.models import Region
from referrals.models import Case, ProtectionSettings
from tests.factories import CaseFactory, OrganisationFactory
from tests.test_settings import PRODUCTION_ENV, run_manage

NAME = "Youssef Benjelloun"
PHONE = "+212 611 223 344"
ARABIC_NAME = "فاطمة الزهراء بنت عبد الرحمن"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
OTHER_KEY = Fernet.generate_key().decode()


def stored(case) -> tuple[str, str]:
    """The name and phone as the database holds them (what a dump would show)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, phone FROM referrals_case WHERE id = %s", [case.pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_a_name_and_phone_registered_through_the_form_are_stored_encrypted(client, iom_user):
    client.force_login(iom_user)

    client.post(
        reverse("referrals:case_create"),
        {
            "programme": "avrr",
            "sex": "female",
            "age_band": "25-34",
            "region": Region.objects.get(code="02").pk,
            "consent_given": "on",
            "consent_on": "2026-11-20",
            "full_name": NAME,
            "phone": PHONE,
        },
    )

    case = Case.objects.get()
    raw_name, raw_phone = stored(case)
    assert "Youssef" not in raw_name and "Benjelloun" not in raw_name
    assert PHONE not in raw_phone
    assert raw_name and raw_phone
    assert (case.full_name, case.phone) == (NAME, PHONE)


@pytest.mark.django_db
def test_an_arabic_name_of_the_longest_length_reads_back_unchanged(iom_org):
    long_name = (ARABIC_NAME + " ") * 6 + "محمد"
    long_name = long_name[:200]

    case = CaseFactory(owner=iom_org, full_name=long_name, phone="٠٦١١٢٢٣٣٤٤")

    raw_name, raw_phone = stored(case)
    assert "فاطمة" not in raw_name and "٠٦١١" not in raw_phone
    assert Case.objects.values_list("full_name", "phone").get() == (long_name, "٠٦١١٢٢٣٣٤٤")
    assert Case.objects.get().open_identity(None) == {
        "full_name": long_name,
        "phone": "٠٦١١٢٢٣٣٤٤",
    }


@pytest.mark.django_db
def test_two_cases_with_the_same_name_store_different_ciphertexts(iom_org):
    first = CaseFactory(owner=iom_org, full_name=NAME)
    second = CaseFactory(owner=iom_org, full_name=NAME)

    assert stored(first)[0] != stored(second)[0]


@pytest.mark.django_db
def test_a_case_without_name_or_phone_stores_them_empty(iom_org):
    case = CaseFactory(owner=iom_org)

    assert stored(case) == ("", "")
    assert not Case.objects.get().has_identity


@pytest.mark.django_db
def test_erasing_a_closed_cases_identity_leaves_the_columns_empty(iom_org, iom_user):
    case = CaseFactory(owner=iom_org, full_name=NAME, phone=PHONE, status="closed")

    case.erase_identity(iom_user)

    assert stored(case) == ("", "")
    assert not Case.objects.get().has_identity


@pytest.mark.django_db
def test_expired_cases_are_those_closed_long_ago_that_still_hold_a_name_or_a_phone(iom_org):
    protection = ProtectionSettings.load()
    long_ago = datetime.date.today() - datetime.timedelta(days=protection.retention_days + 1)
    with_name = CaseFactory(owner=iom_org, full_name=NAME, status="closed", closed_on=long_ago)
    with_phone = CaseFactory(owner=iom_org, phone=PHONE, status="closed", closed_on=long_ago)
    CaseFactory(owner=iom_org, status="closed", closed_on=long_ago)
    CaseFactory(owner=iom_org, full_name=NAME, status="closed", closed_on=datetime.date.today())
    CaseFactory(owner=iom_org, full_name=NAME)

    expired = set(protection.expired_cases())

    assert expired == {with_name, with_phone}


@pytest.mark.django_db
def test_searching_cases_by_an_encrypted_name_is_refused_rather_than_finding_nothing(iom_org):
    CaseFactory(owner=iom_org, full_name=NAME)

    with pytest.raises(FieldError, match="encrypted"):
        list(Case.objects.filter(full_name=NAME))
    with pytest.raises(FieldError, match="encrypted"):
        list(Case.objects.filter(phone__icontains="611"))


@pytest.mark.django_db
def test_identities_written_with_an_old_key_read_after_a_new_key_is_added_first(iom_org):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        case = CaseFactory(owner=iom_org, full_name=ARABIC_NAME, phone=PHONE)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        read = Case.objects.get(pk=case.pk)

    assert (read.full_name, read.phone) == (ARABIC_NAME, PHONE)


@pytest.mark.django_db
def test_the_rotation_command_re_encrypts_every_identity_with_the_newest_key(iom_org):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        named = CaseFactory(owner=iom_org, full_name=ARABIC_NAME, phone=PHONE)
        phoned = CaseFactory(owner=iom_org, phone="0611")
        anonymous = CaseFactory(owner=iom_org)
    versions = dict(Case.objects.values_list("pk", "version"))
    output = io.StringIO()

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_identity_key", stdout=output)

    newest = Fernet(NEW_KEY.encode())
    raw_name, raw_phone = stored(named)
    assert newest.decrypt(raw_name.encode()).decode() == ARABIC_NAME
    assert newest.decrypt(raw_phone.encode()).decode() == PHONE
    assert newest.decrypt(stored(phoned)[1].encode()).decode() == "0611"
    assert stored(anonymous) == ("", "")
    assert output.getvalue().startswith("2 case(s) re-encrypted")
    # Bookkeeping, not an edit: no version moves, no open form becomes stale.
    assert dict(Case.objects.values_list("pk", "version")) == versions
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert Case.objects.get(pk=named.pk).full_name == ARABIC_NAME


@pytest.mark.django_db
def test_reading_with_a_key_that_does_not_open_the_data_is_a_clear_error_not_garbage(iom_org):
    case = CaseFactory(owner=iom_org, full_name=NAME)

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[OTHER_KEY]),
        pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS") as error,
    ):
        Case.objects.get(pk=case.pk)

    assert "referrals_case.full_name" in str(error.value)
    assert stored(case)[0] not in str(error.value)


def test_the_keys_are_required_when_debug_is_off():
    result = run_manage("check", env={**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": ""})

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is required when DEBUG is off" in result.stderr


def test_a_malformed_key_is_reported_by_the_checks():
    result = run_manage("check", env={**PRODUCTION_ENV, "FIELD_ENCRYPTION_KEYS": "not-a-key"})

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr and "not-a-key" not in result.stderr


@pytest.mark.django_db
def test_the_case_history_holds_no_name_or_phone(iom_org, iom_user):
    case = CaseFactory(owner=iom_org, full_name=NAME, phone=PHONE)
    case.status = "closed"
    case.save()

    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "referrals_historicalcase"
            )
        ]
        cursor.execute("SELECT * FROM referrals_historicalcase")
        rows = cursor.fetchall()

    assert "full_name" not in columns and "phone" not in columns
    assert len(rows) == 2
    assert not any(NAME in str(value) or PHONE in str(value) for row in rows for value in row)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 20])
def test_the_case_list_and_export_run_a_fixed_number_of_queries_with_identities(
    client, iom_user, iom_org, size, django_assert_max_num_queries
):
    for number in range(size):
        CaseFactory(owner=iom_org, full_name=f"{ARABIC_NAME} {number}", phone=PHONE)
    client.force_login(iom_user)

    with django_assert_max_num_queries(12):
        listing = client.get(reverse("referrals:case_list"))
    with django_assert_max_num_queries(8):
        export = client.get(reverse("referrals:case_export"))

    assert listing.status_code == export.status_code == 200
    assert ARABIC_NAME not in listing.text


BEFORE = [("referrals", "0010_access_log_outlives_cases_and_users")]
AFTER = [("referrals", "0012_encrypt_existing_identities")]


# serialized_rollback: the regions of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_encrypts_the_names_and_phones_of_a_database_from_before():
    owner = OrganisationFactory()
    region = Region.objects.get(code="02")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("referrals", "Case")
    common = {"owner_id": owner.pk, "region_id": region.pk, "sex": "male", "age_band": "25-34"}
    named = old.objects.create(
        reference="RET-2026-00001", programme="avrr", full_name=ARABIC_NAME, phone=PHONE, **common
    )
    anonymous = old.objects.create(reference="RET-2026-00002", programme="avrr", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    raw_after = stored(named)
    new = executor.loader.project_state(AFTER).apps.get_model("referrals", "Case")
    read_after = new.objects.values_list("full_name", "phone").get(pk=named.pk)
    anonymous_after = stored(anonymous)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    raw_back = stored(named)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert "فاطمة" not in raw_after[0] and PHONE not in raw_after[1]
    assert read_after == (ARABIC_NAME, PHONE)
    assert anonymous_after == ("", "")
    assert raw_back == (ARABIC_NAME, PHONE)
