"""The words healthcare facility names are made of, and the words that make a mention generic.

A named facility is a place smaller than a state (HIPAA Safe Harbor identifier
2; i2b2 de-identification labels it HOSPITAL). "Quillfield General Hospital",
"St. Aldric's", "Mount Carrowmore", "BRMC" identify one; "the clinic", "the
Heart Failure Clinic", "an urgent care", "the Children's Hospital" do not.
A name needs at least one word that is not generic (:func:`is_generic_name`).
"""

from __future__ import annotations

import re

from core.phi.lexicon import CLINICAL_TERMS, DRUG_NAMES

# Head words that end a facility name, longest first when joined into a pattern.
MULTI_WORD_HEADS = [
    "Nursing and Rehabilitation Center", "Rehabilitation and Nursing Center", "Rehabilitation and Nursing",
    "Skilled Nursing Facility", "VA Medical Center", "Regional Medical Center", "Community Medical Center",
    "University Medical Center", "Behavioral Health Center", "Mental Health Center", "Women's Health Center",
    "Community Health Center", "Family Health Center", "Wound Care Center", "Medical Center", "Medical Centre",
    "Health Center", "Health Centre", "Health Clinic", "Health System", "Health Services", "Healthcare System",
    "Medical Group", "Medical Associates", "Care Center", "Care Centre", "Care Home", "Nursing Home",
    "Nursing Facility",
    "Assisted Living", "Senior Living", "Senior Care", "Retirement Home", "Urgent Care", "Surgery Center",
    "Surgical Center", "Surgical Hospital", "Surgicenter", "Cancer Center", "Cancer Centre", "Cancer Institute",
    "Heart Institute", "Heart Center", "Eye Institute", "Eye Center", "Dialysis Center", "Dialysis Unit",
    "Kidney Center", "Imaging Center", "Sleep Center", "Birth Center", "Birthing Center", "Fertility Center",
    "Behavioral Health", "Rehabilitation Hospital", "Rehabilitation Center", "Rehab Center", "Psychiatric Hospital",
    "Psychiatric Center", "Recovery Center", "Treatment Center", "Family Medicine", "Family Practice", "Primary Care",
    "Pediatric Associates", "Orthopedic Associates", "Cardiology Associates", "Surgical Associates", "Hospice House",
    "Pain Clinic", "Free Clinic", "Women's Clinic", "Children's Hospital", "Children's Medical Center",
    "General Hospital", "Memorial Hospital", "Community Hospital", "County Hospital", "Regional Hospital",
    "University Hospital", "University Hospitals", "Teaching Hospital", "Infusion Center", "Health Campus",
    "Wellness Center", "Medical Clinic",
    "Kidney Care", "Detox Center", "Behavioral Health Services", "Physician Group", "Physicians Group", "Eye Care", "Orthopaedic Associates",
    # Round 6: care settings named by the kind of care ("Harbour Lights Residential Care", "Greenacres Rest Home")
    "Residential Care", "Rest Home", "Renal Care", "Memory Care", "Respite Care", "Home Care", "Long-Term Care",
    "Retirement Village", "Retirement Community", "Care Community", "Senior Center", "Living Center",
    "Walk-In Clinic", "Walk-in Clinic", "Walk-In", "Walk-in", "Medical Practice", "Health Partners", "Health Network",
    # written abbreviations ("Bayside Mem Hosp", "Ridgeview Reg Med Ctr", "Sunnybrook CHC")
    "Gen Hosp", "Mem Hosp", "Comm Hosp", "Univ Hosp", "Reg Med Ctr", "Med Ctr", "Med Center", "Health Ctr",
    "Convalescent Home", "Convalescent Center", "Health Team", "Hospice Care", "Home Health", "Care Home",
]
SINGLE_WORD_HEADS = [
    "Hospital", "Hospitals", "Clinic", "Clinics", "Infirmary", "Hospice", "Institute", "Sanatorium", "Sanitarium",
    "Polyclinic", "Dispensary", "Pharmacy", "Healthcare", "Health", "Pediatrics", "Dermatology", "Cardiology",
    "Orthopedics", "Oncology", "Rehab", "Dialysis", "Manor", "General", "Memorial", "Regional", "Children's",
    "Childrens", "VAMC", "VA", "Medical", "Orthopaedics", "Paediatrics", "Obstetrics", "Gynecology", "Urology",
    "Neurology", "Gastroenterology", "Ophthalmology", "Podiatry", "Diagnostics", "Physicians", "Specialists",
    "Detox", "Methodist", "Baptist", "Presbyterian", "Lutheran", "Adventist", "Episcopal",
    # Round 6: a name word before these is a care home or a unit ("Pinewood Lodge", "Rosewood Gardens");
    # "Center"/"Centre" alone after a specific name ("Lakehaven Endoscopy Center", "Redstone Nursing Center").
    "Lodge", "Gardens", "Center", "Centre", "Associates",
    "Hosp", "Hosp.", "Ctr", "CHC", "FQHC",
]

# Words that name a kind of care, a department or a population: a name made only of these is generic.
GENERIC_WORDS = frozenset("""
the a an our my your his her their this that of and & at in on for to new main old upper lower north south east west
central downtown uptown midtown northern southern eastern western general memorial regional community county city
state university college academic teaching federal national public private veterans va children's childrens children
women's womens women men's mens family families pediatric paediatric pediatrics adolescent teen youth student employee
senior seniors geriatric elder adult adults infant newborn neonatal maternity prenatal maternal fetal perinatal
medical medicine health healthcare care clinical clinic clinics hospital hospitals center centre centers institute
services service unit units department dept campus system group associates practice practices office
urgent emergency trauma acute primary specialty specialist outpatient inpatient ambulatory day walk-in walk in
heart failure cancer oncology diabetes endocrine anticoagulation coumadin warfarin lipid asthma allergy travel vaccine
immunization hiv aids std sti sexual reproductive wound ostomy burn pain sleep memory headache stroke spine breast
transplant liver kidney renal dialysis eye ear nose throat ent voice weight bariatric obesity sports concussion
fertility imaging radiology laboratory lab infusion chemotherapy radiation surgery surgical surgeons orthopedic
orthopaedic orthopedics bone joint hand foot vascular vein cardiac cardiology cardiovascular pulmonary lung
respiratory gi digestive gastroenterology hepatology neurology neuroscience neurosciences mental behavioral
behavioural psychiatric psychiatry psychology addiction recovery substance detox methadone dermatology skin
rheumatology infectious disease diseases internal geriatrics palliative hospice rehabilitation rehab physical
occupational therapy speech nursing skilled assisted living retirement home homes manor residential long-term term
dental oral vision hearing podiatry chiropractic wellness prevention preventive integrative holistic free charity
safety net rural mobile street homeless refugee migrant tribal indian native urban birth birthing labor delivery
women's eye heart kidney sleep surgeon attorney inspector secretary lieutenant major brigadier resident residents
fellow fellows continuity refill triage nurse nurses nurse-led pharmacist physician physicians doctor doctors provider
providers team same-day after-hours evening weekend night morning virtual telehealth video phone online express
quick convenient minute retail peds ortho psych neuro cardio obgyn gyn ob surg med onc rehab-unit adult main
poison control crisis lifeline hotline helpline line nurse-line telephone triage
hosp hosp. ctr chc fqhc hc gen mem comm univ reg med
snf ltach ltac irf alf ltc
""".split()) | CLINICAL_TERMS | DRUG_NAMES

# Lower-case words after a named place that make it a facility ("Brenmoor ED", "the Hollyfield clinic").
FACILITY_NOUNS_AFTER = frozenset("""
ed er icu nicu picu micu sicu ccu pacu or lab labs clinic hospital campus emergency radiology pharmacy records
er's ed's ward floor
""".split())


def _clean(word: str) -> str:
    return word.strip(".,;:()").lower().replace("’", "'")


def _generic(word: str) -> bool:
    if word in GENERIC_WORDS:
        return True
    if word.endswith("'s"):
        return word[:-2] in GENERIC_WORDS
    return word.endswith("s") and word[:-1] in GENERIC_WORDS


def is_generic_name(name: str) -> bool:
    """True when every word of ``name`` is generic ("the Heart Failure Clinic", "Regional Medical Center").

    Saint and Mount forms are never generic: "St. Aldric's" names one place.
    """
    words = [_clean(w) for w in re.split(r"[\s/-]+", name) if w.strip(".,;:()") and not any(c.isdigit() for c in w)]
    if not words:
        return True
    if words[0] in ("st.", "st", "saint", "mount", "mt.", "mt", "ste.", "ste"):
        return False
    return all(_generic(w) for w in words)


_HEAD_AT_END = re.compile("(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+")
                                           for h in sorted(MULTI_WORD_HEADS + SINGLE_WORD_HEADS, key=len, reverse=True)
                                           if h not in ("General", "Memorial", "Regional", "Medical", "Health",
                                                        "Manor", "VA", "Lodge", "Gardens", "Center", "Centre",
                                                        "Associates")) + r")$", re.IGNORECASE)


def ends_with_facility_head(name: str) -> bool:
    """True when ``name`` ends in an unambiguous facility word ("… Nursing Home", "… Hospital")."""
    return bool(_HEAD_AT_END.search(name.strip(" .,;:")))
