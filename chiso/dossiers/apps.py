from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "chiso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ một cửa và phản ánh, kiến nghị"
