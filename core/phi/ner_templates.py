"""Phrasings written for the learned NER's training (round 7, issue 15), filled with the training sets' own values.

The labelled sets repeat a few hundred templates; these add other ways the same identifiers
are written (forms, lists, sign-offs, shorthand, a value first or last) so that context
carries more of the label. Slots are ``{TYPE}`` (a labelled value of that entity type, drawn
from the training rows) and the PHI-free lines carry none: eponyms, scores, tools, generic
care places, ages under 90, bare years, lab values and doses. Written from general clinical
phrasing; no locked set was opened for them.
"""

from __future__ import annotations

import random
import re

PHI = [
    "Patient: {PERSON} | DOB: {DATE} | MRN: {MEDICAL_RECORD_NUMBER}",
    "Name - {PERSON}; date of birth {DATE}; seen at {FACILITY}.",
    "{PERSON} came in today with her daughter; both live in {LOCATION}.",
    "{PERSON} phoned at 10:40 asking for a refill, call back on {PHONE_NUMBER}.",
    "Thanks, {PERSON}", "Regards,\n{PERSON}\n{FACILITY}", "cc: {PERSON}, {FACILITY}",
    "Message left for {PERSON} on {PHONE_NUMBER} re results.",
    "Pt {PERSON} ({DATE}) transferred to {FACILITY} for cath.",
    "daughter {PERSON} is the contact, lives at {STREET_ADDRESS}, {LOCATION} {ZIP_CODE}",
    "spoke w/ {PERSON} at {FACILITY}, will fax notes to {FAX_NUMBER}",
    "Discussed with {PERSON}, who agrees with the plan.",
    "{PERSON}, {AGE_OVER_89}, lives alone in {LOCATION}; neighbour checks daily.",
    "At {AGE_OVER_89} she still drives to {FACILITY} on her own.",
    "Referral: {FACILITY} -> {FACILITY}, patient {PERSON}, insurance {HEALTH_PLAN_NUMBER}.",
    "Records requested from {FACILITY} ({PHONE_NUMBER}) for admission on {DATE}.",
    "Was an inpatient at {FACILITY} from {DATE} to {DATE}.",
    "Seen in {LOCATION} by {PERSON} last spring; notes to follow.",
    "Home address: {STREET_ADDRESS}, {LOCATION}, {ZIP_CODE}.",
    "Moved from {LOCATION} to {LOCATION} in the summer; new GP at {FACILITY}.",
    "Pacemaker serial {DEVICE_ID} checked in clinic, battery fine.",
    "Insulin pump (S/N {DEVICE_ID}) alarming, rep to call.",
    "implant id {DEVICE_ID} recorded in the op note",
    "Hearing aid serial no. {DEVICE_ID} lost on the ward.",
    "Glucose meter {DEVICE_ID} replaced under warranty.",
    "Car reg {VEHICLE_ID} parked in the ambulance bay; owner is the patient's son.",
    "VIN {VEHICLE_ID} on the accident report.",
    "Drove himself in, plate {VEHICLE_ID}, keys with security.",
    "Driver's licence {LICENSE_NUMBER} used as ID at registration.",
    "Prescriber DEA {LICENSE_NUMBER}; NPI on file.",
    "Member ID {HEALTH_PLAN_NUMBER}, group on the card.",
    "Medicaid no. {HEALTH_PLAN_NUMBER} expired last month.",
    "Billing account {ACCOUNT_NUMBER} has a balance; pt asked for a plan.",
    "Card ending ... acct {ACCOUNT_NUMBER} charged for the copay.",
    "SSN {US_SSN} on the form does not match the chart.",
    "Chart no. {MEDICAL_RECORD_NUMBER} merged with a duplicate.",
    "Hospital number {MEDICAL_RECORD_NUMBER} - please use on all samples.",
    "Study subject {OTHER_ID}, visit 3 done.",
    "Claim {OTHER_ID} pending; incident ref {OTHER_ID}.",
    "Specimen accession {OTHER_ID} sent to micro.",
    "Email {EMAIL_ADDRESS} for the portal invite.",
    "Portal login from {IP_ADDRESS} flagged by IT.",
    "Shared the photos at {URL} with the wound nurse.",
    "{BIOMETRIC} taken for the research consent.",
    "{PHOTO} uploaded to the chart before surgery.",
    "fax {FAX_NUMBER} attn {PERSON}",
    "pls call {PERSON} {PHONE_NUMBER} after 5",
    "hi {PERSON}, the dressing clinic at {FACILITY} moved to Thursdays",
    "DOB {DATE}, admitted {DATE}, discharged {DATE}.",
    "Last colonoscopy {DATE} at {FACILITY}: normal.",
    "Due for review on {DATE}; reminder sent to {EMAIL_ADDRESS}.",
    "Transferred to us from {FACILITY} in {LOCATION} overnight.",
    "Her GP, {PERSON}, practises in {LOCATION}.",
    "Son ({PERSON}) is power of attorney; address {STREET_ADDRESS}.",
    "{PERSON} and {PERSON} both consented.",
    "Allergy list confirmed by {PERSON} (pharmacist) at {FACILITY}.",
    "Bed 12: {PERSON}, {AGE_OVER_89}, falls risk.",
    "{FACILITY} called: bed ready for {PERSON}.",
    "Works as a cook at {FACILITY}; lives near {LOCATION}.",
    "Follow up with {PERSON} at {FACILITY} in 6 weeks.",
    "Wife {PERSON} reachable at {PHONE_NUMBER} or {EMAIL_ADDRESS}.",
]

CLEAN = [
    "Babinski sign present on the left, Romberg negative.",
    "GCS 14, NIHSS 3, CHA2DS2-VASc 4; start apixaban.",
    "Wells score 2, PERC negative; d-dimer sent.",
    "Apgar 8 and 9; baby to the postnatal ward.",
    "Parkinson disease, on levodopa 100 mg TDS.",
    "Hx Crohn disease and Hashimoto thyroiditis, both stable.",
    "Seen in the emergency department; the clinic will follow up.",
    "Refer to the memory clinic and the falls service.",
    "Discharged to a nursing home; the care home has the letter.",
    "72F, BP 150/90, HR 88, SpO2 96% on air.",
    "Born 1948, retired teacher, lives with her husband.",
    "Diagnosed in 2015, relapsed 2019, in remission since.",
    "Hb 98, WBC 11.2, CRP 45, K 4.1, creatinine 110.",
    "Amoxicillin 500 mg TDS for 5 days, review if worse.",
    "Appendectomy age 12, cholecystectomy 2010.",
    "Mini-Mental State Examination 24/30; MoCA 21.",
    "Murphy sign positive; Charcot triad absent.",
    "Morning stiffness, Heberden nodes, Bouchard nodes.",
    "Glasgow-Blatchford score 6, Rockall 3.",
    "Mallampati 3, Cormack-Lehane 2; difficult airway trolley ready.",
    "Beck Depression Inventory 18, PHQ-9 12, GAD-7 9.",
    "The hospital pharmacy will deliver; the GP practice is aware.",
    "Transferred to the ICU, then to the ward on day 3.",
    "Kernig and Brudzinski signs negative; Lasegue positive on the right.",
    "Epley manoeuvre done; Dix-Hallpike positive to the left.",
    "Down syndrome, Tetralogy of Fallot repaired in infancy.",
    "Addison disease on hydrocortisone, sick day rules explained.",
    "Cushing reflex not present; Cheyne-Stokes breathing overnight.",
    "aged 45, smoker, 20 pack-years",
    "Ask the nurse in charge to bleep the registrar.",
]

_SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


def fill(template: str, pool: dict[str, list[str]], rng: random.Random) -> dict:
    """One row in the training layout: ``template`` with each slot replaced by a value from ``pool``."""
    text, spans, cursor = "", [], 0
    for match in _SLOT.finditer(template):
        text += template[cursor:match.start()]
        value = rng.choice(pool[match.group(1)])
        spans.append({"entity_type": match.group(1), "start": len(text), "end": len(text) + len(value)})
        text += value
        cursor = match.end()
    return {"kind": "phi" if spans else "clean", "text": text + template[cursor:], "spans": spans}


def template_rows(pool: dict[str, list[str]], rng: random.Random, times: int = 8) -> list[dict]:
    """``times`` filled copies of every PHI template (fresh values each) and of every PHI-free line."""
    return [fill(t, pool, rng) for _ in range(times) for t in PHI + CLEAN]
