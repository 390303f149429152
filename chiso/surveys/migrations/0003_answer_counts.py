"""Each round's answer count kept by the database (`surveys.AnswerCount`): triggers on the
answers table add the rows a statement inserts and take off the rows it deletes, in the same
transaction. The counts of the answers already stored are filled in here."""

import django.db.models.deletion
from django.db import migrations, models

SHARDS = 8  # PostgreSQL: rows per round, chosen by the writing connection

POSTGRES = [
    f"""
    CREATE FUNCTION surveys_answer_count_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO surveys_answercount (round_id, shard, total)
        SELECT round_id, pg_backend_pid() % {SHARDS}, count(*) FROM added
        GROUP BY round_id ORDER BY round_id
        ON CONFLICT (round_id, shard)
        DO UPDATE SET total = surveys_answercount.total + EXCLUDED.total;
        RETURN NULL;
    END $$""",
    # A round's answers are only deleted with the round (whose counts go with it): whichever
    # of the two goes first, no count row is left behind.
    """
    CREATE FUNCTION surveys_answer_count_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE surveys_answercount AS c SET total = c.total - r.n
        FROM (SELECT round_id, count(*) AS n FROM removed GROUP BY round_id) AS r
        WHERE c.round_id = r.round_id AND c.shard = (
            SELECT min(shard) FROM surveys_answercount WHERE round_id = r.round_id
        );
        RETURN NULL;
    END $$""",
    """
    CREATE FUNCTION surveys_answer_count_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM surveys_answercount;
        RETURN NULL;
    END $$""",
    """
    CREATE TRIGGER surveys_answer_count_insert AFTER INSERT ON surveys_response
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION surveys_answer_count_add()""",
    """
    CREATE TRIGGER surveys_answer_count_delete AFTER DELETE ON surveys_response
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION surveys_answer_count_remove()""",
    """
    CREATE TRIGGER surveys_answer_count_truncate AFTER TRUNCATE ON surveys_response
    FOR EACH STATEMENT EXECUTE FUNCTION surveys_answer_count_clear()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS surveys_answer_count_insert ON surveys_response",
    "DROP TRIGGER IF EXISTS surveys_answer_count_delete ON surveys_response",
    "DROP TRIGGER IF EXISTS surveys_answer_count_truncate ON surveys_response",
    "DROP FUNCTION IF EXISTS surveys_answer_count_add()",
    "DROP FUNCTION IF EXISTS surveys_answer_count_remove()",
    "DROP FUNCTION IF EXISTS surveys_answer_count_clear()",
]
# SQLite has row triggers only; one writer at a time, so one row per round.
SQLITE = [
    """
    CREATE TRIGGER surveys_answer_count_insert AFTER INSERT ON surveys_response
    BEGIN
        INSERT INTO surveys_answercount (round_id, shard, total) VALUES (NEW.round_id, 0, 1)
        ON CONFLICT (round_id, shard) DO UPDATE SET total = total + 1;
    END""",
    """
    CREATE TRIGGER surveys_answer_count_delete AFTER DELETE ON surveys_response
    BEGIN
        UPDATE surveys_answercount SET total = total - 1
        WHERE round_id = OLD.round_id AND shard = 0;
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS surveys_answer_count_insert",
    "DROP TRIGGER IF EXISTS surveys_answer_count_delete",
]
FILL = """
    INSERT INTO surveys_answercount (round_id, shard, total)
    SELECT round_id, 0, COUNT(*) FROM surveys_response GROUP BY round_id"""


def create_triggers(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # no answer may arrive between the fill and the triggers
        schema_editor.execute("LOCK TABLE surveys_response IN SHARE MODE")
    for sql in POSTGRES if postgres else SQLITE:
        schema_editor.execute(sql, params=None)  # "%" is SQL's modulo here, not a placeholder
    schema_editor.execute(FILL)


def drop_triggers(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_DROP if postgres else SQLITE_DROP:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0002_response_round_last_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='AnswerCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('shard', models.PositiveSmallIntegerField()),
                ('total', models.IntegerField()),
                ('round', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.surveyround')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('round', 'shard'), name='answer_count_round_shard')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
