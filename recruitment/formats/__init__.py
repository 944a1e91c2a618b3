"""The portal's own date formats, the same in every language (settings.FORMAT_MODULE_PATH).

The site writes dates as ``dd.mm.yyyy`` (``05.12.2026 18:24``) in Albanian, Serbian and English alike, and
reads them back the same way. Django's own formats for ``sq`` and ``en`` also accept the month-first
``09/01/2016`` (as 1 September), which an applicant in Kosovo means as 9 January: a date typed that way is
refused with a message instead of being read wrongly. ISO ``2016-09-01`` stays accepted (a browser's date
picker and the admin send it; it cannot be mistaken). Number formats are not set here: Django's per language.
"""
