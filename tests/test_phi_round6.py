"""Issue 15, round 6: families of forms locked v4 caught out, as tables on the real engine.

Each row is written for this file (not copied from an evaluation set): a positive gives the exact span
that must be found; a negative is text that looks the same and is not PHI, or not that identifier
(eponyms, generic places, ages of 89 or less, bare years, ranges and scores, drug names, lower-case
clinical words). Values are fictional.
"""

from __future__ import annotations

import pytest


FOUND = [
    # numeric dates: one separator, two- or four-digit year, dots included
    ("Last echo 11.03.21, EF 55%.", "DATE", "11.03.21"),
    ("Colonoscopy 7-30-2019 was clear.", "DATE", "7-30-2019"),
    ("Booked for 2027.03.08 at noon.", "DATE", "2027.03.08"),
    # eight digits run together after a date cue
    ("Registration: DOB 11301944, lives alone.", "DATE", "11301944"),
    ("Off work since 30062025 with back pain.", "DATE", "30062025"),
    ("Visit 20240917 billed twice.", "DATE", "20240917"),
    # the month as a word between numbers, any separator, any case
    ("Born 3/Sep/1941 in a farmhouse.", "DATE", "3/Sep/1941"),
    ("Imaging 14.AUG.2022 showed a nodule.", "DATE", "14.AUG.2022"),
    ("Fall on 9-oct-23, no LOC.", "DATE", "9-oct-23"),
    # "the" and ordinals, lower-case months where the form is unambiguous
    ("Rash began on August the 14th.", "DATE", "August the 14th"),
    ("Seen the 2nd of March for the same cough.", "DATE", "the 2nd of March"),
    ("her flu jab was on october 2nd", "DATE", "october 2nd"),
    ("cough since may 21st, worse at night", "DATE", "may 21st"),
    ("follow up september 30 with labs", "DATE", "september 30"),
    # month and year in numbers
    ("Started apixaban 11/2023 after the clot.", "DATE", "11/2023"),
    # month and day in numbers after an event or a date cue
    ("Biopsy 4-19, results to follow.", "DATE", "4-19"),
    ("Discharged 12-2 to her daughter's.", "DATE", "12-2"),
    ("seen at Halvorsen Medical Center 8/13 for the same", "DATE", "8/13"),
    ("motorbike accident 6/30 with a wrist injury", "DATE", "6/30"),
    # ages over 89 after a name and a verb, after "at", in words, set off after a name
    ("Handover: Ottoline Brisk is 97, for theatre in the morning.", "AGE_OVER_89", "97"),
    ("At 91 he still walks to the shops daily.", "AGE_OVER_89", "91"),
    ("Her nan says she is ninety-three and fiercely independent.", "AGE_OVER_89", "ninety-three"),
    ("Mr. Pell, a hundred and four, lives with his son.", "AGE_OVER_89", "a hundred and four"),
    ("Admitted resident Quiñones P, 96.", "AGE_OVER_89", "96"),
    ("Falls clinic: resident orla fenwright, 99.", "AGE_OVER_89", "99"),
    # name shapes that need no cue word
    ("Fax back re GALLOWAY-PRYCE, HENRIETTA by noon.", "PERSON", "GALLOWAY-PRYCE, HENRIETTA"),
    ("Box for VAN DER MEER, ANOUK on the desk.", "PERSON", "VAN DER MEER, ANOUK"),
    ("Any news on Okafor-Lindqvist, Benedetta? Still waiting.", "PERSON", "Okafor-Lindqvist, Benedetta"),
    ("Overnight: Pemberton-Rhys Q rang twice about the wound.", "PERSON", "Pemberton-Rhys Q"),
    ("Bloods for Quennell H are in the fridge.", "PERSON", "Quennell H"),
    ("Wristband says R. Achterberg, please check.", "PERSON", "R. Achterberg"),
    ("Handoff 07:30 - Odalys F. Brennagh called from the car park.", "PERSON", "Odalys F. Brennagh"),
    ("Night list: Ingrid de Vroom 93yo, fluids running.", "PERSON", "Ingrid de Vroom"),
    ("Ward round: Tobiah Marchetti 81F ?sepsis, cultures sent.", "PERSON", "Tobiah Marchetti"),
    # facilities: care settings by the kind of care, faith names, care brands, casual lower-case spellings
    ("Call Birchwater Residential Care about her meds.", "FACILITY", "Birchwater Residential Care"),
    ("Discharged to Elmstead Rest Home this afternoon.", "FACILITY", "Elmstead Rest Home"),
    ("Records from Hawthorn Lodge arrived.", "FACILITY", "Hawthorn Lodge"),
    ("She dialyses at Kestrel Point Renal Care.", "FACILITY", "Kestrel Point Renal Care"),
    ("Scope booked at Farrowdale Endoscopy Center.", "FACILITY", "Farrowdale Endoscopy Center"),
    ("PCP Lutheran Wexcombe / ph on file", "FACILITY", "Lutheran Wexcombe"),
    ("Transferred from Holy Cross Brantwood last night.", "FACILITY", "Holy Cross Brantwood"),
    ("Seen yesterday at WellCare Plus on Monday.", "FACILITY", "WellCare Plus"),
    ("was seen at dhmc er overnight", "FACILITY", "dhmc"),
    ("can i get my results from st bernadettes", "FACILITY", "st bernadettes"),
    ("please update the chart at millbrook family health", "FACILITY", "millbrook family health"),
    ("went to mount carrow hospital after the fall", "FACILITY", "mount carrow hospital"),
    # the town and ZIP at the end of a rural address, ZIPs after the word zip, towns in a relative's sentence
    ("Mail to 4410 Co Rd 7 Lot 3, Pell Hollow 38821-1902 please.", "ZIP_CODE", "38821-1902"),
    ("Mail to 4410 Co Rd 7 Lot 3, Pell Hollow 38821-1902 please.", "LOCATION", "Pell Hollow"),
    ("Statement sent to 88 State Hwy 9 #2, Quarrybank 60411.", "LOCATION", "Quarrybank"),
    ("Letters to 12 Ferris Ave, Trailer 4, 72290 bounced.", "ZIP_CODE", "72290"),
    ("The zip on the form (40017) is old; the correct zip is 40071.", "ZIP_CODE", "40071"),
    ("Her nephew rang from Ardwick Falls asking about visiting.", "LOCATION", "Ardwick Falls"),
    ("Daughter in Cloverport aware of the plan.", "LOCATION", "Cloverport"),
    ("Son will drive over from McAllister.", "LOCATION", "McAllister"),
    # saint-named facilities with a possessive, in any case, and after a person
    ("Seen at Saint Bride's 3-9 for the same pain.", "FACILITY", "Saint Bride's"),
    ("pt seen at st columbas last wk for uti", "FACILITY", "st columbas"),
    ("To: Dr. Amberley, St. Oswin's. Re: the referral.", "FACILITY", "St. Oswin's"),
    ("Trial enrolment: pt ID SUBJ-4471-208, coordinator aware.", "OTHER_ID", "SUBJ-4471-208"),
    # forms an early round-6 change broke on other sets, kept as regression rows
    ("Insulin pump S/N (01)00643169000017, basal rates reviewed.", "DEVICE_ID", "(01)00643169000017"),
    ("Follows at Tarnbury VA oncology.", "FACILITY", "Tarnbury VA"),
    ("Lives at 771 N. Heron Ridge Terrace with her son.", "STREET_ADDRESS", "771 N. Heron Ridge Terrace"),
    # rural routes and post boxes with their town and ZIP
    ("Lives at RR 2 Box 14, Cedar Bluff 35959.", "STREET_ADDRESS", "RR 2 Box 14"),
    ("Lives at RR 2 Box 14, Cedar Bluff 35959.", "ZIP_CODE", "35959"),
    ("Moved to PO Box 88, Quill Harbour 99501.", "LOCATION", "Quill Harbour"),
    # identifiers after short or unusual cues
    ("Admit to 4 West, ins QX44817302B, DNR on file.", "HEALTH_PLAN_NUMBER", "QX44817302B"),
    ("Found her insurance card (HPN-55120983-02) in the bag.", "HEALTH_PLAN_NUMBER", "HPN-55120983-02"),
    ("Found his social security card (521-66-0917) in the bag.", "US_SSN", "521-66-0917"),
    ("Nurse Ide (lic RN-448201) gave the dose.", "LICENSE_NUMBER", "RN-448201"),
    ("State ID K7730419 copied at registration.", "LICENSE_NUMBER", "K7730419"),
    ("DL # PA.8812034 checked at the desk.", "LICENSE_NUMBER", "PA.8812034"),
    ("Card on file 4410982215 was declined.", "ACCOUNT_NUMBER", "4410982215"),
    ("Ambulance crew handed over; unit KT-204 back in service.", "VEHICLE_ID", "KT-204"),
    ("Please pull the slides for case HX-B07-331902 today.", "OTHER_ID", "HX-B07-331902"),
    ("Best to ring the ward desk on 555-0187 after six.", "PHONE_NUMBER", "555-0187"),
    # biometrics and face images by what was captured of which trait
    ("Locker opens with a palm-vein scan; he enrolled a voice sample too.", "BIOMETRIC", "voice sample"),
    ("The kiosk took an iris image at check-in.", "BIOMETRIC", "iris image"),
    ("Ear print recorded for the pilot study.", "BIOMETRIC", "Ear print"),
    ("Mum uploaded a face picture for the wristband.", "PHOTO", "face picture"),
    # names written in lower case, after a patient cue, before a break, or opening a line
    ("can someone call back pt dolores fairweather about her refill", "PERSON", "dolores fairweather"),
    ("re: anne-sophie van der berg, referral attached", "PERSON", "anne-sophie van der berg"),
    ("new consult for wilbur mcafee, 88M, from the ward", "PERSON", "wilbur mcafee"),
    ("handover 06:10 - wendell prior-yates 90yo, fluids running", "PERSON", "wendell prior-yates"),
    # hyphenated given names with a lower-case second part, names before an address or "a 93 y.o."
    ("Message: Soo-ah Pembridge writes that the rash is back.", "PERSON", "Soo-ah Pembridge"),
    ("Intake: Roswitha Pellegrin, a 91 y.o. from the valley.", "PERSON", "Roswitha Pellegrin"),
    ("Claim 4471 for Ignatius Brumby denied again.", "PERSON", "Ignatius Brumby"),
    ("we sent over Tamsin Ockwell w/ abdo pain", "PERSON", "Tamsin Ockwell"),
    ("returned call to Marguerite at the number on file", "PERSON", "Marguerite"),
    # written abbreviations of facility words, faith forms, weekday before a date, more ages in words
    ("Seen at Bayside Mem Hosp for chest pain.", "FACILITY", "Bayside Mem Hosp"),
    ("she was at oakwood mem hosp last week", "FACILITY", "oakwood mem hosp"),
    ("Seen at Sunnybrook CHC for a rash.", "FACILITY", "Sunnybrook CHC"),
    ("She goes to Our Lady of Lourdes for dialysis.", "FACILITY", "Our Lady of Lourdes"),
    ("Last visit Thurs 12/5, next in 2 wks.", "DATE", "12/5"),
    ("Her grandmother (a hundred and one) lives with them.", "AGE_OVER_89", "a hundred and one"),
    ("At ninety-two she still gardens.", "AGE_OVER_89", "ninety-two"),
    ("message left for hubert quill re: labs", "PERSON", "hubert quill"),
    ("Tell Gwendolyn the results are normal.", "PERSON", "Gwendolyn"),
    # lower-case names with an unlisted given name, only after a patient cue and before an identifier or ")"
    ("Per her son, pt (tevita kauhalalalo) was seen last week.", "PERSON", "tevita kauhalalalo"),
    ("Discharged home; pt ngaire whitcombe, MRN 44810221.", "PERSON", "ngaire whitcombe"),
    ("Renal unit: Soo-min Arkwright's fistula bled after dialysis.", "PERSON", "Soo-min Arkwright"),
    ("seen at bgh er yesterday", "FACILITY", "bgh"),
    ("Hillcrest Convalescent Home faxed the notes.", "FACILITY", "Hillcrest Convalescent Home"),
    ("Admitted via Our Lady of Mercy Medical Center.", "FACILITY", "Our Lady of Mercy Medical Center"),
    # a single given name where a person is meant
    ("Dialysis unit says Bartholomew missed both sessions.", "PERSON", "Bartholomew"),
    ("Please ask for Rosalind's MAR before noon.", "PERSON", "Rosalind"),
    ("Tried to ring Harriet twice, no answer.", "PERSON", "Harriet"),
    # people who share an eponym's shape keep their finding
    ("Pt Rosalind Achterberg test results are back.", "PERSON", "Rosalind Achterberg"),
    ("Failed logins to Imelda Crowcroft's chart overnight.", "PERSON", "Imelda Crowcroft"),
    ("Seen by Dr. Kelly for a clamp check.", "PERSON", "Kelly"),
    ("His daughter Ines Marlow called about the plan.", "PERSON", "Ines Marlow"),
]

NOT_FLAGGED = [
    # ranges, scores and counts written like a month and a day
    ("Pain 6-7 out of 10 since this morning.", "DATE"),
    ("Symptoms for 2-3 days, drinks 4-5 beers a week.", "DATE"),
    ("Since the fall, GCS 14-15 and pain 3/10.", "DATE"),
    ("Reflexes 2/4, power 4/5, murmur 2/6 since birth.", "DATE"),
    ("Stools 3-4 a day since 5-6 weeks ago.", "DATE"),
    # eight digits that are not a date, or not after a date cue
    ("MRN 36642431 on the wristband.", "DATE"),
    ("Since 99999999 is not a date, nothing here.", "DATE"),
    # numbers with dots that are versions, vitals or addresses
    ("App version 2.10.3 crashed; IP 10.1.2.3 logged.", "DATE"),
    # bare years and lower-case words that are also months
    ("In 2019 she had a TIA; may need a repeat scan.", "DATE"),
    ("He may 2 tabs if needed; march 3 miles a day.", "DATE"),
    # ages of 89 or less, labs and vital signs after "is"
    ("Sodium is 132, chloride is 101, glucose is 110.", "AGE_OVER_89"),
    ("Ottoline Brisk is 87, for theatre in the morning.", "AGE_OVER_89"),
    ("At 95 bpm she was comfortable; sats at 94 on air.", "AGE_OVER_89"),
    ("Temp is 99, pulse was 104, resident ok.", "AGE_OVER_89"),
    # letter labels, microbes and capitals that are not "Surname X", "F. Surname" or "SURNAME, GIVEN"
    ("Started Vitamin D; Hepatitis B immune; Group A strep on the swab.", "PERSON"),
    ("Urine grew E. coli; wound swab S. Aureus; stool C. Diff negative.", "PERSON"),
    ("Plan B agreed; Bed C free; Type A personality; Zone D.", "PERSON"),
    ("CT, MRI and EKG done. NOTE, PLEASE call back. BP, HR stable.", "PERSON"),
    ("Continue Toprol XL 2 puffs; Child-Pugh A; Killip II.", "PERSON"),
    ("Hello from the desk. Can I get an interpreter? Would A be ok?", "PERSON"),
    # facility abbreviations alone are generic
    ("Discharged from an FQHC in 2014; seen at the CHC; the Med Ctr lab.", None),
    # an unlisted eponym before a procedure- or disease-shaped word, or one lower-case word before a strong head
    ("Handoff: Kernohan notch phenomenon on CT; a Morgagni hernia on the film.", None),
    ("Peds: Kasai portoenterostomy; Ramstedt pyloromyotomy done.", None),
    ("the pain was high at night; sigh, laugh and cough; a thigh bruise", None),
    # eponymous scores, signs and triage systems named after places
    ("Bristol type 5; Manchester triage yellow; Ottawa ankle rules negative.", None),
    ("Denver shunt placed; Boston criteria met; San Francisco syncope rule negative.", None),
    # generic and lower-case clinical places
    ("Stays in the falls clinic; MRI at the referring hospital; to the teaching hospital.", None),
    ("st elevation in V2, st depression in V5; at our local hospital; in general hospital care.", None),
    ("Seen at the Cancer Center and the Memory Care unit; Baptist church on Sunday.", "FACILITY"),
    # clinical pictures, ranges and units that look like identifiers
    ("Diabetic retinal image normal; hand image of the rash; DNA sample sent.", None),
    ("Na 135-145 expected; walked 200 feet; moved to unit 4B, bed 12.", None),
    ("Vitals: BP 107/64, HR 151, RR 22, T 37.5 C, SpO2 92%.", None),
    ("Ins and outs charted; card given to the family.", None),
    # capitalised words that are also given names, without a person context
    ("Chase the labs; Major bleed ruled out; Sterling work by the team.", "PERSON"),
    ("Augmentin for Strep; Victoria line closed; Florence catheter removed.", "PERSON"),
    # clinical services after "for" are not names
    ("Referred for Physical Therapy evaluation and for Internal Medicine review.", "PERSON"),
    # lower-case findings after "pt" are not names, even before a break
    ("pt afebrile overnight, pt comfortable tonight; pt (chest pain) settled; resident fall risk.", "PERSON"),
    # lower-case clinical words after a patient cue are not names
    ("pt will need a recheck; pt rose from bed; pt denies pain; patient said fine", "PERSON"),
    ("for the patient to see; re: lab results; called back later; from home today", "PERSON"),
    ("pt has chest pain since monday; caller april showers? no, joke", "PERSON"),
    # eponyms not in the allow-list: a head word after one to three names, or a few capitalised words on
    ("Positive Hawkins-Kennedy test and a Finochietto retractor on the tray.", None),
    ("Oswestry Disability Index 42; Bristol Stool Chart type 6.", None),
    ("Manchester Triage System orange; Leeds Sleep Evaluation Questionnaire done.", None),
    ("Tegner activity scale 3 after a Mosteller formula check.", None),
    ("OR: the Sugarbaker procedure, then a Hasson trocar and a Deaver retractor.", None),
    ("Ortho: Ranawat classification II; Bosniak IIF cyst on CT.", None),
    ("Family hx: sister Peutz-Jeghers syndrome, uncle Birt-Hogg-Dube syndrome.", None),
    # place- and saint-named diseases and signs
    ("Serology for Saint Louis encephalitis and Murray Valley encephalitis.", None),
    ("St. Anthony's fire on the shin; Mount Fuji sign on the CT.", None),
    # British spellings of clinical headings, and drug names NER takes for a name or a place
    ("Anaesthesia: difficult airway. Haematology: aware.", None),
    ("72F, on Evenity. Switched to Trelegy last month.", None),
    ("Started tirzepatide and rosuvastatin; held dapagliflozin.", None),
]


@pytest.mark.parametrize("text, entity_type, expected", FOUND, ids=[f"{f[1]}-{f[0][:36]}" for f in FOUND])
def test_round6_forms_are_found(scan, text, entity_type, expected):
    # a possessive "'s" that NER keeps on a name is allowed ("Imelda Crowcroft's chart")
    found = [f.text for f in scan(text) if f.entity_type == entity_type]
    assert expected in found + [t.removesuffix("'s") for t in found], scan(text)


@pytest.mark.parametrize("text, entity_type", NOT_FLAGGED, ids=[f"{n[1]}-{n[0][:36]}" for n in NOT_FLAGGED])
def test_round6_look_alikes_are_not_flagged(scan, text, entity_type):
    found = [f for f in scan(text) if entity_type is None or f.entity_type == entity_type]
    assert not found, found
