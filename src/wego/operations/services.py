"""Soft deletion of city data: deleting a city or an assessment moves it to the trash.

A deletion takes the object and every row that goes with it (what Django's deletion would
remove: answers, revisions, reports, roles, ...) out of their tables, in one transaction, and
keeps them, value for value, in one `TrashEntry`. Because the rows leave their tables, no
selector, page, export or API can show them, without a change to any query. Until the
retention period (`WEGO_RETENTION_DAYS`, 90 days) has passed, `trash_restore` puts every row
back; `trash_purge` (`wego purge`) then deletes the entry and the uploaded files only it
referred to. Uploaded files stay on disk while their rows are in the trash.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from wego.assessments.models import Assessment
from wego.common.services import audit_record
from wego.members.models import City
from wego.operations import data
from wego.operations.data import OperationError
from wego.operations.models import TrashEntry, TrashKind


def _blockers(error: ProtectedError | RestrictedError) -> str:
    objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
    counts: dict[str, int] = defaultdict(int)
    for obj in objects:
        counts[str(obj._meta.verbose_name_plural)] += 1
    return ", ".join(f"{name} ({count})" for name, count in sorted(counts.items()))


def _take(objs: list[models.Model], *, what: str, using: str) -> tuple[dict, list]:
    """Delete `objs` and what cascades from them; return their rows and the links that were
    set to null elsewhere, both as plain values."""
    collector = Collector(using=using, origin=objs[0])
    try:
        collector.collect(objs)
    except (ProtectedError, RestrictedError) as error:
        raise OperationError(
            f"{what} cannot be deleted while these records refer to it: {_blockers(error)}; "
            "delete or move them first"
        ) from None
    pks: dict[type[models.Model], set] = defaultdict(set)
    for model, instances in collector.data.items():
        pks[model._meta.concrete_model].update(obj.pk for obj in instances)
    for queryset in collector.fast_deletes:
        pks[queryset.model._meta.concrete_model].update(queryset.values_list("pk", flat=True))
    updates = []
    for (field, _value), groups in collector.field_updates.items():
        for group in groups:
            if isinstance(group, models.QuerySet):
                rows = list(group.values_list("pk", field.attname))
            else:
                rows = [(obj.pk, getattr(obj, field.attname)) for obj in group]
            updates.append({"model": field.model._meta.label_lower, "field": field.name, "rows": rows})
    tables = {}
    for model, keys in pks.items():
        if not keys:
            continue
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        rows = list(
            model._base_manager.using(using)
            .filter(pk__in=keys)
            .order_by("pk")
            .values_list(*(f.attname for f in fields))
        )
        tables[model._meta.label_lower] = {"columns": [f.column for f in fields], "rows": rows}
    collector.delete()
    return tables, updates


def _trash(
    *, kind: str, obj: models.Model, groups: list[list[models.Model]], actor, reason: str
) -> TrashEntry:
    # Deleting clears the objects' primary keys: name the object first.
    object_id, label = str(obj.pk), str(obj)[:300]
    tables: dict[str, dict] = {}
    updates: list = []
    for group in groups:
        taken, changed = _take(group, what=str(obj), using=DEFAULT_DB_ALIAS)
        for model_label, content in taken.items():
            if model_label in tables:
                tables[model_label]["rows"] += content["rows"]
            else:
                tables[model_label] = content
        updates += changed
    order = {table.label: index for index, table in enumerate(data.tables())}
    content = {
        "tables": [{"model": name, **tables[name]} for name in sorted(tables, key=order.__getitem__)],
        "updates": updates,
    }
    now = timezone.now()
    return TrashEntry.objects.create(
        kind=kind,
        object_id=object_id,
        label=label,
        reason=reason,
        deleted_at=now,
        deleted_by=actor if getattr(actor, "is_authenticated", False) else None,
        purge_after=now + dt.timedelta(days=settings.RETENTION_DAYS),
        # Plain JSON: dates, decimals and ids as text, read back by each field.
        content=json.loads(json.dumps(content, default=data.encode_value)),
        row_count=sum(len(t["rows"]) for t in content["tables"]),
    )


@transaction.atomic
def assessment_delete(*, assessment: Assessment, actor: Any, reason: str = "") -> TrashEntry:
    """Move an assessment, its answers, history, targets, reports and assignments to the trash."""
    audit_record(actor=actor, action="assessment.delete", obj=assessment, data={"reason": reason})
    return _trash(
        kind=TrashKind.ASSESSMENT, obj=assessment, groups=[[assessment]], actor=actor, reason=reason
    )


@transaction.atomic
def city_delete(*, city: City, actor: Any, reason: str = "") -> TrashEntry:
    """Move a city, all its assessments and everything that belongs to them to the trash."""
    audit_record(actor=actor, action="city.delete", obj=city, data={"reason": reason})
    assessments = list(Assessment.objects.filter(city=city).order_by("-cycle__year", "pk"))
    groups = [[assessment] for assessment in assessments] + [[city]]
    return _trash(kind=TrashKind.CITY, obj=city, groups=groups, actor=actor, reason=reason)


@transaction.atomic
def trash_restore(*, entry: TrashEntry, actor: Any) -> int:
    """Put every row of a trash entry back. Returns the number of rows restored."""
    entry = TrashEntry.objects.select_for_update().get(pk=entry.pk)
    by_label = {table.label: table for table in data.tables()}
    restored = 0
    touched = []
    for content in entry.content["tables"]:
        table = by_label.get(content["model"])
        table = table.in_order(content["columns"]) if table else None
        if table is None:
            raise OperationError(
                f"{entry.label} cannot be put back: the table {content['model']} has changed since the deletion"
            )
        rows = (data.decode_row(table.fields, row) for row in content["rows"])
        try:
            with transaction.atomic():
                restored += data.insert_rows(DEFAULT_DB_ALIAS, table, rows)
        except IntegrityError:
            raise OperationError(
                f"{entry.label} cannot be put back: a {content['model']} row conflicts with one created "
                "since the deletion (the same name or key)"
            ) from None
        touched.append(table.name)
    for update in entry.content["updates"]:
        model = apps.get_model(update["model"])
        field = model._meta.get_field(update["field"])
        for pk, value in update["rows"]:
            # Only links still empty: a link set again since the deletion is left alone.
            model._base_manager.filter(pk=pk, **{f"{field.attname}__isnull": True}).update(
                **{field.attname: field.target_field.to_python(value) if value is not None else None}
            )
    try:
        with transaction.atomic():
            data.check_foreign_keys(DEFAULT_DB_ALIAS)
    except OperationError:
        raise OperationError(
            f"{entry.label} cannot be put back: some of its rows refer to records deleted since"
        ) from None
    audit_record(actor=actor, action=f"{entry.kind}.restore", obj=entry, data={"rows": restored})
    entry.delete()
    return restored


def _file_names(entry: TrashEntry) -> set[str]:
    names = set()
    for content in entry.content["tables"]:
        try:
            model = apps.get_model(content["model"])
        except LookupError:
            continue
        columns = {f.column: f for f in model._meta.concrete_fields if isinstance(f, models.FileField)}
        for index, column in enumerate(content["columns"]):
            if column in columns:
                names.update(row[index] for row in content["rows"] if row[index])
    return names


def _referenced(name: str) -> bool:
    """Whether a live row still refers to an uploaded file."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.FileField)
                and model._base_manager.filter(**{field.attname: name}).exists()
            ):
                return True
    return False


@transaction.atomic
def trash_purge(*, now: dt.datetime | None = None) -> list[TrashEntry]:
    """Delete the trash entries past their retention, and the files only they referred to.
    Returns the entries deleted."""
    now = now or timezone.now()
    due = list(TrashEntry.objects.select_for_update().filter(purge_after__lte=now).order_by("deleted_at"))
    files = set()
    for entry in due:
        files |= _file_names(entry)
        audit_record(
            actor=None,
            action=f"{entry.kind}.purge",
            obj=entry,
            data={"label": entry.label, "deleted_at": entry.deleted_at.isoformat(), "rows": entry.row_count},
        )
    TrashEntry.objects.filter(pk__in=[entry.pk for entry in due]).delete()
    kept = {name for name in files if _referenced(name)}

    def delete_files() -> None:
        for name in sorted(files - kept):
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return due
