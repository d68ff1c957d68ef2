"""The photos of Kobo submissions: fetched by the pull, kept until the import, then attached.

The pull (tasks.py) downloads each photo answer's attachment from Kobo's API and checks it with
the rule of photos uploaded on the web (`assessments.forms.check_photo`). A photo taken waits in
the default storage under PENDING/<import id>/, the storage answers' photos use (private, S3 in
production), rather than in the import's JSON, which would carry megabytes in every read of the
import; the submission notes its path, or why the photo was not taken. The import copies them
onto the answers in its transaction and deletes what it copied if the transaction rolls back;
the pending files go once the import commits, fails, or is deleted.

A photo refused (not an image, too large, on another server) leaves its answer without photo
and the preview says why; a server that stops answering midway fails the whole pull (KoboError),
since a pull retried later fetches them all, while a draft imported without them would not.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from assessments.forms import MAX_PHOTO_BYTES, check_photo

from .api import AttachmentRefused, fetch_attachment
from .models import KoboImport
from .submissions import Submission, bare_name, photo_field

PENDING = "kobo/pending"
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def _pending_dir(import_id: int) -> str:
    return f"{PENDING}/{import_id}"


def _attachment(submission: Submission, field: str, value: str) -> dict | None:
    """The attachment the answer `value` of the photo question `field` names."""
    for attachment in submission.attachments:
        if attachment["media_file_basename"] == value or (
            attachment["filename"].rsplit("/", 1)[-1] == value
        ):
            return attachment
    return next(
        (a for a in submission.attachments if bare_name(a["question_xpath"]) == field), None
    )


def _fetch_one(import_id: int, submission: Submission, field: str, value: str) -> dict:
    attachment = _attachment(submission, field, value)
    if attachment is None or not attachment["download_url"]:
        return {"error": _("Kobo's server lists no such attachment.")}
    try:
        body = fetch_attachment(attachment["download_url"], limit=MAX_PHOTO_BYTES)
        photo = check_photo(SimpleUploadedFile(value, body))
    except AttachmentRefused as refused:
        return {"error": refused.message}
    except ValidationError as invalid:
        return {"error": " ".join(invalid.messages)}
    extension = EXTENSIONS.get(photo.image.format, "")
    name = f"{_pending_dir(import_id)}/{submission.row or 0}-{field}{extension}"
    return {"path": default_storage.save(name, ContentFile(body))}


def fetch_photos(import_id: int, submissions: list[Submission], criteria) -> None:
    """Fetch the photo answered for each criterion of each submission into `photos`.

    Raises KoboError when the server stops answering; the photos already stored are deleted.
    """
    fields = [photo_field(criterion) for criterion in criteria]
    try:
        for submission in submissions:
            for field in fields:
                value = submission.get(field)
                if value:
                    submission.photos[field] = _fetch_one(import_id, submission, field, value)
    except BaseException:
        discard_pending(import_id)
        raise


def discard_pending(import_id: int) -> None:
    """Delete the photos waiting for an import."""
    try:
        _directories, files = default_storage.listdir(_pending_dir(import_id))
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{_pending_dir(import_id)}/{name}")


def problems(submission: Submission, criterion) -> tuple[str, list[str]]:
    """The pending photo of a criterion's answer, if fetched, and what the preview says if not."""
    value = submission.get(photo_field(criterion))
    if not value:
        return "", []
    fetched = submission.photos.get(photo_field(criterion))
    if fetched is None:
        return "", [
            _(
                "%(code)s: the photo %(name)s was not fetched: photos are only fetched by the "
                "pull from Kobo's server."
            )
            % {"code": criterion.code, "name": value}
        ]
    if fetched.get("error"):
        return "", [
            _("%(code)s: the photo %(name)s could not be fetched: %(reason)s")
            % {"code": criterion.code, "name": value, "reason": fetched["error"]}
        ]
    return fetched["path"], []


def attach(answer, path: str, written: list[str]) -> None:
    """Copy a pending photo onto an answer (saved by the caller); `written` collects the copies,
    for the import to delete if its transaction rolls back."""
    if not path or not default_storage.exists(path):
        return
    with default_storage.open(path, "rb") as pending:
        answer.photo.save(os.path.basename(path), File(pending), save=False)
    written.append(answer.photo.name)


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@receiver(post_delete, sender=KoboImport)
def _discard_deleted_import(sender, instance, **kwargs):
    discard_pending(instance.pk)
