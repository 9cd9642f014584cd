from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "tamnong.recognition"
    verbose_name = _("Recognition of NTM communes")

    def ready(self):
        from tamnong.accounts import files, history
        from tamnong.recognition.history import audit_phrasing
        from tamnong.recognition.models import DossierDocument, DossierItem

        # A dossier's documents and frozen evidence: for those who may read the dossier (its commune's readers).
        files.register("recognition-document", DossierDocument, "file", unit=lambda d: d.dossier.commune,
                       related=["dossier__commune"])  # fmt: skip
        history.register("recognition.", audit_phrasing)
        history.register("recognition_dossier_", audit_phrasing)  # the events recorded before the authority table
        files.register("recognition-evidence", DossierItem, "evidence_file", unit=lambda i: i.dossier.commune,
                       related=["dossier__commune"])  # fmt: skip
