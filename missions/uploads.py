"""Refuse an uploaded file larger than MAX_UPLOAD_SIZE while it is being received, not after.

Without this, Django reads the whole multipart body and spools each file to disk before any form can
look at its size: a 2 GB "STSWeb export" would fill the temporary directory first. This handler comes
first in FILE_UPLOAD_HANDLERS and counts each file's bytes; the next handlers (memory, then temporary
file) only receive them while the file is within the limit, so no more than the limit is ever stored.

Once a file passes the limit, what the next handlers stored is freed and the rest is read but not kept:
a server that stops reading makes the browser show a connection error instead of the page that
explains the refusal. The form then receives a `TooLargeUpload` — no content, the size received — so
its own size check answers in French ("Le fichier dépasse 10 Mo…"). Past DRAIN_FACTOR times the limit
the upload is no honest mistake: reading stops there (StopUpload) and the form gets no file at all; the
handler marks the request (`upload_too_large`) so the form still says why.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

DRAIN_FACTOR = 4


class TooLargeUpload(UploadedFile):
    """Stands for a file refused for its size: `size` is what was received, there is no content."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class UploadSizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.MAX_UPLOAD_SIZE
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        received = start + len(raw_data)
        if received <= self.limit:
            return raw_data  # on to the handlers that store it
        if not self.too_large:
            self.too_large = True
            self._free_what_the_next_handlers_stored()
        if received > self.limit * DRAIN_FACTOR:
            if self.request is not None:
                self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return None  # read, not kept

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # the next handler returns the file it stored
        return TooLargeUpload(
            self.file_name, self.content_type, file_size, self.charset, self.content_type_extra
        )

    def _free_what_the_next_handlers_stored(self):
        for handler in self.request.upload_handlers if self.request else ():
            if handler is not self and getattr(handler, "file", None) is not None:
                handler.file.close()  # a temporary file is deleted when closed


class SizeLimitedUploadForm:
    """Mixin for a form with one file field, `upload_field`: a file refused for its size (above) gets the form's
    French `too_large` message, whether it reached the form as a `TooLargeUpload` or not at all."""

    upload_field = "file"
    too_large = "Le fichier dépasse 10 Mo."

    def __init__(self, *args, upload_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        if upload_too_large:  # reading stopped far past the limit: no file reached the form
            self.fields[self.upload_field].error_messages["required"] = self.too_large

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.upload_field)
        if upload is not None and upload.size > settings.MAX_UPLOAD_SIZE:
            self.add_error(self.upload_field, self.too_large)
        return cleaned
