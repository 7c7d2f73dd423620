"""Signals sources sends so other apps can react without sources importing them.

`articles_imported` (kwargs: `article_ids`, the ids of the new and changed articles) is sent once per
`import_records` call that stored something; scoring connects a receiver that queues their scoring. Sent again
with `in_process=True` by an import that could not reach the broker (sources/jobs.py): the receiver scores them
in the calling process instead.
"""
from django.dispatch import Signal

articles_imported = Signal()
