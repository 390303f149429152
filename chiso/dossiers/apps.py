from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "chiso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ một cửa và phản ánh, kiến nghị"

    def ready(self):
        from chiso.core import figures

        # The dashboard card is cached under the data version: the ORM writes it reads are
        # watched here; imports (set-based SQL) bump the version in their own transaction.
        figures.watch(["dossiers.KpiTarget", "dossiers.Dossier", "dossiers.Feedback"])
