"""A GIN index on the register's full-text search expression (PostgreSQL only; SQLite searches by LIKE).

The index is created with Django's own SQL for `GinIndex(SearchVector("search_document", config="simple"))`,
so it matches exactly the expression `projects.filters.search` filters on. It is not in the model's Meta
because SQLite cannot create it.
"""

from django.db import migrations

INDEX_NAME = "project_search_gin"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("search_document", config="simple"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    project = apps.get_model("projects", "Project")
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')
    schema_editor.add_index(project, _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_pmo_change_permission")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
