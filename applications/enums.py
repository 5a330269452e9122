from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    PRE_INCUBATION = "pre_incubation", _("Pré-incubation")
    INCUBATION = "incubation", _("Incubation")
    ACCELERATION = "acceleration", _("Accélération")


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    UNDER_REVIEW = "under_review", _("En cours d'examen")
    SHORTLISTED = "shortlisted", _("Présélectionnée")
    ACCEPTED = "accepted", _("Retenue")
    WAITLISTED = "waitlisted", _("Sur liste d'attente")
    REFERRED = "referred", _("Orientée vers un partenaire")
    REJECTED = "rejected", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idée")
    EMERGENCE = "emergence", _("Émergence")
    DEVELOPMENT = "development", _("Développement")
    SCALING = "scaling", _("Changement d'échelle")


class LegalForm(models.TextChoices):
    NONE_YET = "none_yet", _("Pas encore de structure")
    ASSOCIATION = "association", _("Association loi 1901")
    SCOP = "scop", _("SCOP")
    SCIC = "scic", _("SCIC")
    COMPANY_ESUS = "company_esus", _("Société commerciale agréée ESUS")
    COMPANY = "company", _("Société commerciale (SAS, SARL…)")
    SOLE_TRADER = "sole_trader", _("Entreprise individuelle ou micro-entreprise")
    OTHER = "other", _("Autre")


class SupportNeed(models.TextChoices):
    """The shared vocabulary of support needs; mentors' expertise tags use the same one."""

    FUNDING = "funding", _("Financement")
    LEGAL_STRUCTURE = "legal_structure", _("Statut juridique")
    BUSINESS_MODEL = "business_model", _("Modèle économique")
    MARKETING = "marketing", _("Marketing et communication")
    DIGITAL = "digital", _("Numérique")
    HR = "hr", _("Ressources humaines et premier recrutement")
    IMPACT = "impact", _("Mesure d'impact")
    PREMISES = "premises", _("Locaux")
    PARTNERSHIPS = "partnerships", _("Partenariats")
    SALES = "sales", _("Commercialisation")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Femme")
    MAN = "man", _("Homme")
    OTHER = "other", _("Autre")
    UNSAID = "unsaid", _("Je préfère ne pas répondre")


class AgeBand(models.TextChoices):
    UNDER_26 = "under_26", _("Moins de 26 ans")
    FROM_26_TO_35 = "26_35", _("26 à 35 ans")
    FROM_36_TO_50 = "36_50", _("36 à 50 ans")
    OVER_50 = "over_50", _("Plus de 50 ans")
    UNSAID = "unsaid", _("Je préfère ne pas répondre")


class YesNoUnsaid(models.TextChoices):
    YES = "yes", _("Oui")
    NO = "no", _("Non")
    UNSAID = "unsaid", _("Je préfère ne pas répondre")


class EmploymentStatus(models.TextChoices):
    JOBSEEKER = "jobseeker", _("En recherche d'emploi")
    JOBSEEKER_LONG_TERM = "jobseeker_long", _("En recherche d'emploi depuis plus d'un an")
    MINIMUM_INCOME = "rsa", _("Bénéficiaire du RSA")
    EMPLOYED = "employed", _("Salarié·e")
    SELF_EMPLOYED = "self_employed", _("Indépendant·e ou chef·fe d'entreprise")
    STUDENT = "student", _("Étudiant·e")
    OTHER = "other", _("Autre situation")
    UNSAID = "unsaid", _("Je préfère ne pas répondre")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    SINGLE_CHOICE = "single_choice", _("Choix unique")
    MULTIPLE_CHOICE = "multiple_choice", _("Choix multiple")
    NUMBER = "number", _("Nombre")
    YES_NO = "yes_no", _("Oui / non")


class AttachmentKind(models.TextChoices):
    PRESENTATION = "presentation", _("Présentation du projet")
    BUDGET = "budget", _("Budget prévisionnel")
    STATUTES = "statutes", _("Statuts ou extrait K-bis")
    CV = "cv", _("CV de l'équipe")
    OTHER = "other", _("Autre document")


# What a status means for the applicant and what happens next, in plain words (shown on "Mes candidatures").
STATUS_NEXT_STEP = {
    Status.DRAFT: _("Votre candidature n'est pas encore envoyée. Complétez-la et envoyez-la avant la date limite."),
    Status.SUBMITTED: _("Votre candidature est bien reçue. L'équipe vérifie qu'elle correspond aux critères de l'appel."),
    Status.UNDER_REVIEW: _("Votre dossier est lu par le jury. Vous serez contacté·e si un entretien est prévu."),
    Status.SHORTLISTED: _("Votre projet est présélectionné. Vous serez invité·e à le présenter au comité de sélection."),
    Status.ACCEPTED: _("Félicitations, votre projet est retenu ! L'équipe vous contacte pour le démarrage."),
    Status.WAITLISTED: _("Votre projet est sur liste d'attente. Nous vous prévenons dès qu'une place se libère."),
    Status.REFERRED: _("Votre projet est orienté vers un partenaire mieux adapté. Les détails sont dans la décision."),
    Status.REJECTED: _("Votre projet n'a pas été retenu cette fois. Les raisons sont dans la décision."),
    Status.WITHDRAWN: _("Vous avez retiré cette candidature."),
}
DRAFT_DEADLINE_PASSED = _("La date limite est passée : cette candidature ne peut plus être envoyée.")
LEFT_COHORT = _("Votre projet a quitté la promotion. Pour en reparler, écrivez à l'équipe du programme.")
