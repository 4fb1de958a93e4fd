"""Words that look like names or places to a NER model but are not PHI in a clinic.

spaCy tags capitalised drug brands, clinical abbreviations, departments and
priorities as PERSON or ORG, and states or countries as GPE. Safe Harbor
allows states and countries, and the rest identifies nobody, so findings made
only of these words are dropped. Lower-case entries; compare with ``.lower()``.
"""

from __future__ import annotations

import re

DRUG_NAMES = frozenset("""
metformin glipizide glyburide glimepiride sitagliptin januvia empagliflozin jardiance dapagliflozin farxiga
canagliflozin invokana liraglutide victoza semaglutide ozempic wegovy rybelsus dulaglutide trulicity
tirzepatide mounjaro insulin glargine lantus basaglar toujeo detemir levemir degludec tresiba lispro humalog
aspart novolog humulin novolin lisinopril enalapril ramipril benazepril losartan valsartan irbesartan
olmesartan candesartan amlodipine nifedipine diltiazem verapamil hydrochlorothiazide hctz chlorthalidone
furosemide lasix bumetanide torsemide spironolactone eplerenone metoprolol toprol lopressor carvedilol coreg
atenolol propranolol bisoprolol labetalol hydralazine clonidine sacubitril entresto digoxin warfarin
coumadin apixaban eliquis rivaroxaban xarelto dabigatran pradaxa clopidogrel plavix aspirin ticagrelor
brilinta atorvastatin lipitor rosuvastatin crestor simvastatin zocor pravastatin ezetimibe zetia
albuterol ventolin proair levalbuterol ipratropium tiotropium spiriva fluticasone flovent advair
budesonide symbicort pulmicort formoterol salmeterol montelukast singulair prednisone prednisolone
methylprednisolone dexamethasone hydrocortisone azithromycin zithromax amoxicillin augmentin
amoxicillin-clavulanate cephalexin keflex ceftriaxone cefdinir doxycycline ciprofloxacin levofloxacin
nitrofurantoin macrobid trimethoprim sulfamethoxazole bactrim clindamycin metronidazole flagyl penicillin
vancomycin oseltamivir tamiflu acyclovir valacyclovir valtrex fluconazole diflucan nystatin
bictegravir emtricitabine tenofovir alafenamide biktarvy dolutegravir tivicay triumeq dovato descovy truvada
genvoya stribild odefsey symtuza juluca cabotegravir rilpivirine cabenuva darunavir prezista prezcobix
raltegravir isentress efavirenz atripla lamivudine abacavir zidovudine ritonavir cobicistat lenacapavir
sunlenca apretude sertraline zoloft fluoxetine prozac citalopram celexa escitalopram lexapro paroxetine
paxil venlafaxine effexor duloxetine cymbalta bupropion wellbutrin mirtazapine remeron trazodone
buspirone hydroxyzine lorazepam ativan alprazolam xanax clonazepam klonopin diazepam valium quetiapine
seroquel olanzapine zyprexa risperidone risperdal aripiprazole abilify lithium lamotrigine lamictal
valproate depakote gabapentin neurontin pregabalin lyrica buprenorphine suboxone subutex sublocade
naloxone narcan naltrexone vivitrol methadone acamprosate disulfiram varenicline chantix nicotine
acetaminophen tylenol paracetamol ibuprofen advil motrin naproxen aleve ketorolac toradol diclofenac
meloxicam celecoxib tramadol oxycodone hydrocodone morphine fentanyl codeine hydromorphone dilaudid
levothyroxine synthroid omeprazole prilosec pantoprazole protonix esomeprazole nexium famotidine pepcid
ondansetron zofran metoclopramide reglan loperamide docusate senna polyethylene miralax sumatriptan
cetirizine zyrtec loratadine claritin diphenhydramine benadryl epinephrine epipen nitroglycerin
potassium magnesium iron ferrous folic vitamin cholecalciferol calcium alendronate fosamax tamsulosin
flomax finasteride sildenafil viagra tadalafil cialis oxybutynin allopurinol colchicine methotrexate
hydroxychloroquine plaquenil adalimumab humira estradiol medroxyprogesterone depo-provera
levonorgestrel norethindrone ethinyl contraceptive heparin enoxaparin lovenox
levetiracetam keppra carbidopa levodopa sinemet donepezil aricept memantine namenda dupilumab dupixent
tamsulosin metoprolol succinate tartrate amiodarone cordarone methimazole tapazole propylthiouracil mesalamine
lialda asacol hydroxyurea hydrea xarelto entresto humira enbrel remicade infliximab etanercept ustekinumab stelara
norvasc zestril prinivil cozaar diovan benicar hyzaar zofran phenergan promethazine compazine prochlorperazine
toradol norco percocet vicodin dilaudid ultram cipro levaquin doxy vibramycin keflex augmentin zpak z-pak rocephin
vancomycin vanco zosyn cefepime meropenem linezolid zyvox daptomycin bactrim macrobid monurol fosfomycin
pyridium diflucan valtrex tamiflu paxlovid lagevrio remdesivir dexamethasone decadron solu-medrol medrol depo-medrol
kenalog prednisone deltasone coreg lanoxin digoxin brilinta effient pradaxa savaysa heparin coumadin jantoven
ozempic trulicity victoza mounjaro zepbound wegovy saxenda januvia janumet jardiance farxiga invokana glucophage
glucotrol amaryl actos lantus levemir tresiba toujeo humalog novolog admelog basaglar semglee synthroid levoxyl
armour cytomel protonix nexium prilosec pepcid zantac carafate reglan miralax colace senokot dulcolax imodium lomotil
flexeril cyclobenzaprine robaxin methocarbamol skelaxin zanaflex tizanidine baclofen lioresal neurontin lyrica
topamax topiramate depakote tegretol trileptal lamictal dilantin phenytoin vimpat lacosamide xanax ativan klonopin
valium restoril ambien zolpidem lunesta trazodone desyrel seroquel zyprexa risperdal abilify geodon latuda haldol
haloperidol lithobid wellbutrin lexapro celexa prozac paxil effexor pristiq cymbalta remeron buspar vistaril
atarax benadryl claritin zyrtec allegra singulair flonase nasonex qvar pulmicort symbicort advair breo trelegy
spiriva incruse anoro ventolin proair xopenex duoneb atrovent epipen narcan evzio suboxone sublocade vivitrol
methadone chantix nicoderm
""".split())

CLINICAL_TERMS = frozenset("""
patient pt pts clinic hospital er ed icu emergency triage nurse physician doctor provider pcp np pa rn
lpn md do cardiology neurology oncology pulmonology nephrology endocrinology psychiatry pediatrics
radiology dermatology gastroenterology urology orthopedics obstetrics gynecology ob gyn ob/gyn
infectious disease id hiv aids prep pep art arv cd4 viral load vl hcv hbv hepatitis tb std sti
copd asthma chf hf hfref hfpef cad mi stemi nstemi acs afib a-fib af dvt pe cva tia stroke htn dm t1dm
t2dm dka hhs ckd esrd aki uti pna cap uri ards sob doe pnd cp hpi ros pmh psh fh sh hx dx tx rx sx
fx c/o s/p w/ w/o prn bid tid qid qd qhs qam po iv im sc sq sl npo nkda nka vs bp hr rr spo2 o2 ra
temp bmi a1c hba1c ldl hdl tsh bmp cmp cbc wbc rbc hgb hct plt bun cr egfr inr ptt ast alt alp
bnp troponin ecg ekg echo cxr ct mri us xr phq phq-9 gad gad-7 audit audit-c cage ciwa cows
critical high medium low urgent emergent routine stat priority red flag
sepsis pneumonia bronchitis influenza covid covid-19 sars-cov-2 rsv strep gerd ibs ibd
migraine seizure epilepsy syncope vertigo dementia delirium depression anxiety ptsd bipolar
schizophrenia insomnia psychosis suicidal si hi overdose withdrawal opioid alcohol cannabis
diabetes hypertension hyperlipidemia obesity anemia cellulitis abscess fracture sprain laceration
concussion appendicitis cholecystitis pancreatitis gastroenteritis dehydration hypoglycemia
hyperglycemia ketoacidosis angina arrhythmia tachycardia bradycardia murmur edema jaundice
medicare medicaid snap wic ssi ssdi aca chip hud section
mg mcg ml kg lb bpm mmhg mmol mg/dl units iu
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
portal education materials instructions information history summary care plan services center centre
program assistance navigator advocate safety record records identification intake questionnaire consent
form forms visit visits outcome note notes results result team unit ward floor bed room department
dept services pharmacy laboratory lab labs imaging reports report refused declined denies states
json api llm ai sms ehr emr csv pdf story background caller hello hi symptoms symptom meds medications
allergies vitals assessment impression cc hpi symptomatic asymptomatic colicky pleuritic acute chronic
severe mild moderate stable unstable preliminary reply answer output input instruction summary
american indian alaska native hawaiian pacific islander other hispanic latino latina latinx black white
asian african caucasian middle eastern multiracial biracial race ethnicity or and of the non
subscriber member members insurance insurer policy beneficiary claim claims billing account copay deductible
payer payor ins hmo ppo epo
ortho peds psych neuro cardio gyn obgyn surg onc rheum derm uro ent gi heme pulm endo nephro neph gen-surg
platelets plt sodium na potassium glucose sugar hemoglobin hematocrit creatinine weight wt pulse rate sat sats
saturation score gcs level value count systolic diastolic map oxygen ef alp ggt lipase amylase ck ferritin iron
b12 folate albumin bilirubin lactate chloride bicarbonate magnesium phosphate calcium urine culture cultures swab
sample specimen biopsy pathology cytology smear stain panel screen screening test tests imaging scan
chest abdominal back head neck shortness breath pain fever cough nausea vomiting diarrhea rash headache
dizziness fatigue weakness numbness swelling bleeding seizures palpitations
practitioner assistant aide technician therapist counselor counsellor worker social manager coordinator
pharmacist midwife paramedic dietitian chaplain interpreter volunteer staff on-call call duty
start started stop stopped continue continued increase increased decrease decreased resume resumed restart
restarted hold held take takes taking took switch switched titrate titrated discontinue discontinued
prescribe prescribed refill refilled given give dose dosing missed add added
telemetry tele stepdown step-down med-surg medsurg pacu picu nicu ccu micu sicu cvicu l&d peds
endoscopy pathology neurosurgery anesthesia anesthesiology hematology rheumatology ophthalmology otolaryngology ent
geriatrics hospice palliative rehab physiatry cardiothoracic ortho psych oncology hem/onc hem-onc pulm
handoff handover sign-out signout sbar soap a/p plan assessment impression addendum update overnight events
disposition callback intake summary subjective objective recommendation recommendations background situation
vaccine vaccines immunization booster interventional physical therapy occupational speech respiratory
access management medicine internal nuclear prevention infection labor delivery scheduling relations
nutrition case work sleep wound health information spiritual environmental
xl xr sr cr la cd dr odt hct ec ir
""".split())

US_STATES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah
vermont virginia washington wisconsin wyoming
""".split()) | frozenset({
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "rhode island",
    "south carolina", "south dakota", "west virginia", "district of columbia", "puerto rico", "guam",
})

US_STATE_CODES = frozenset("""
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH
OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI
""".split())

CA_PROVINCE_CODES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())

COUNTRIES = frozenset({
    "us", "u.s.", "usa", "u.s.a.", "united states", "america", "the united states", "uk", "united kingdom",
    "britain", "great britain", "england", "scotland", "wales", "ireland", "canada", "mexico", "guatemala",
    "honduras", "el salvador", "nicaragua", "costa rica", "panama", "cuba", "haiti", "dominican republic",
    "jamaica", "colombia", "venezuela", "ecuador", "peru", "bolivia", "brazil", "chile", "argentina",
    "uruguay", "paraguay", "france", "germany", "spain", "portugal", "italy", "netherlands", "belgium",
    "switzerland", "austria", "poland", "czechia", "czech republic", "slovakia", "hungary", "romania",
    "bulgaria", "greece", "turkey", "ukraine", "russia", "belarus", "lithuania", "latvia", "estonia",
    "finland", "sweden", "norway", "denmark", "iceland", "croatia", "serbia", "slovenia", "bosnia",
    "albania", "cyprus", "israel", "palestine", "lebanon", "syria", "jordan", "iraq", "iran", "saudi arabia",
    "yemen", "oman", "qatar", "kuwait", "egypt", "libya", "tunisia", "algeria", "morocco", "sudan",
    "ethiopia", "eritrea", "somalia", "kenya", "uganda", "tanzania", "rwanda", "burundi", "congo",
    "nigeria", "ghana", "senegal", "mali", "niger", "cameroon", "liberia", "sierra leone", "ivory coast",
    "angola", "zambia", "zimbabwe", "mozambique", "malawi", "botswana", "namibia", "south africa",
    "madagascar", "afghanistan", "pakistan", "india", "nepal", "bangladesh", "sri lanka", "myanmar",
    "burma", "thailand", "laos", "cambodia", "vietnam", "malaysia", "singapore", "indonesia",
    "philippines", "china", "taiwan", "hong kong", "japan", "korea", "south korea", "north korea",
    "mongolia", "kazakhstan", "uzbekistan", "australia", "new zealand", "fiji", "samoa", "tonga",
    "europe", "asia", "africa", "north america", "south america", "latin america", "central america",
    "middle east", "caribbean",
})

# Words that follow "from"/"in" in clinical text but are not places.
NOT_PLACES = frozenset({
    "home", "work", "school", "shelter", "jail", "prison", "rehab", "detox", "hospice", "nursing home",
    "triage", "clinic", "hospital", "pharmacy", "lab", "urgent care", "the er", "the ed",
    # after "in": hospital areas, care settings, languages and record systems
    "room", "bed", "bay", "ward", "unit", "recovery", "resus", "trauma", "majors", "minors", "surgery", "labor",
    "pre-op", "post-op", "outpatient", "inpatient", "primary care", "family medicine", "internal medicine",
    "general", "person", "private", "writing", "progress", "error", "total", "stage", "type", "class", "grade",
    "sinus", "spanish", "english", "french", "portuguese", "arabic", "mandarin", "cantonese", "vietnamese",
    "russian", "creole", "haitian creole", "somali", "tagalog", "korean", "polish", "hindi", "urdu", "bengali",
    "swahili", "amharic", "farsi", "dari", "pashto", "nepali", "asl", "sign language", "epic", "cerner",
    "mychart", "pyxis", "meditech", "medicare", "medicaid", "god", "christ", "jesus", "mr", "mrs", "ms", "dr",
    "husband", "wife", "son", "daughter", "mother", "father", "sister", "brother", "partner", "spouse", "widow",
    "widower", "grandmother", "grandfather", "aunt", "uncle", "niece", "nephew", "neighbour", "neighbor",
    "step", "fast track", "observation", "obs", "isolation", "quarantine", "clinic today", "the clinic",
})


# Stems of international non-proprietary drug names (WHO INN): a word ending in one is a drug.
_DRUG_STEMS = re.compile(r"[a-z]{3,}(?:mab|tinib|ciclib|pril|sartan|olol|statin|azole|cillin|mycin|floxacin|gliptin|"
                         r"gliflozin|glutide|dipine|azepam|azolam|prazole|tidine|parin|xaban|gatran|lukast|triptan|"
                         r"setron|oxetine|apine|afil|tegravir|navir|buvir|cycline|profen|oxacin|dronate|semide|"
                         r"thiazide|terol|tropium|vastatin|lamide)")


# Generic nouns that take a letter label ("Vitamin D", "Bed C", "Hepatitis B", "Plan B"): not "Surname X".
LABELLED_NOUNS = frozenset("""
vitamin factor protein type group zone bay pod wing lot level phase class grade stage section part appendix schedule
form plan option hepatitis complex lead exhibit tier area block building floor bed room ward unit suite hall station
track team gate door box channel line lane row seat step column category version model size cluster site point
cohort arm panel tube troponin strep streptococcus influenza flu covid immunoglobulin ig iga igg igm ige cell
shift list core study trial
""".split())

# Species after a genus initial ("E. coli", "S. Aureus"): a microbe, not "F. Surname".
SPECIES = frozenset("""
coli aureus pylori diff difficile pneumoniae influenzae aeruginosa meningitidis tuberculosis pallidum burgdorferi
monocytogenes epidermidis pyogenes agalactiae faecalis faecium vulgaris mirabilis gonorrhoeae trachomatis vaginalis
albicans glabrata auris jirovecii carinii avium typhi enterica jejuni perfringens botulinum tetani anthracis pertussis
catarrhalis cloacae baumannii maltophilia cepacia fragilis acnes lugdunensis saprophyticus viridans mutans hominis
genitalium neoformans fumigatus immitis capsulatum falciparum vivax ovale malariae knowlesi gondii lamblia
histolytica vermicularis lumbricoides stercoralis scabiei marcescens cholerae vulnificus parahaemolyticus sonnei
flexneri dysenteriae oxytoca kingae henselae quintana rickettsii prowazekii burnetii pestis tularensis abortus
""".split())


def _listed(word: str) -> bool:
    if word in DRUG_NAMES or word in CLINICAL_TERMS or _DRUG_STEMS.fullmatch(word):
        return True
    # British spellings of listed words: "anaesthesia", "oedema", "haematology", "paediatrics", "tumour".
    us = word.replace("ae", "e").replace("oe", "e").replace("our", "or")
    return us != word and (us in DRUG_NAMES or us in CLINICAL_TERMS)


def is_clinical_word(phrase: str) -> bool:
    """True when every word of ``phrase`` is a drug, clinical term, month or weekday."""
    words = [re.sub(r"['’]s$", "", w.strip(".,;:()")).lower() for w in phrase.split()]
    words = [w for w in words if len(w) > 1]  # initials ("L." of "mmol/L.") say nothing
    return bool(words) and all(_listed(w) for w in words)


def is_state_or_country(phrase: str) -> bool:
    """True for a US state (name or code) or a country/continent: allowed by Safe Harbor."""
    text = phrase.strip(" .,;:")
    return text.lower() in US_STATES or text.lower() in COUNTRIES or text in US_STATE_CODES
