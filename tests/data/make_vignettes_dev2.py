"""Writes tests/data/vignettes_dev2.jsonl: the second development set of triage vignettes (issue 13).

54 fictional case-report vignettes (18 emergent, 18 non-emergent, 18 self-care; adults and
children), written from the project's guidelines (resources/guidelines/) and general clinical
knowledge, before any tuning against them, to tune the priority suggestion and the red-flag
floor on long case reports. Not written from the locked set (never read) nor from published
symptom-checker vignettes. Each label's justification is a line of its guideline, word for word
(checked when this script runs).

    python tests/data/make_vignettes_dev2.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUIDELINES = HERE.parents[1] / "resources" / "guidelines"

# (id, priority, population, topic, guideline, justification, case_description)
CASES = [
    # ---- emergent -------------------------------------------------------------------------
    ("d2-em-01", "Critical", "adult", "atypical heart attack", "atypical-emergencies",
     "Older adult or person with diabetes with new unexplained breathlessness, sweating, nausea, indigestion-like discomfort or exhaustion (possible heart attack without typical chest pain) -> Critical.",
     "A 74-year-old woman attends with what she calls indigestion. Since about two hours ago she has had an ache high in "
     "her stomach that antacids have not touched, and she felt sick and clammy while hanging out washing. She says she is "
     "exhausted and had to sit down on the stairs halfway up. She denies chest pain and has not vomited. Her history includes "
     "type 2 diabetes for 15 years, hypertension and raised cholesterol; she takes metformin, ramipril and atorvastatin. "
     "She has never had heart problems that she knows of. On examination she is pale and slightly sweaty but talking in full "
     "sentences. The abdomen is soft and non-tender. BP 108/66 mmHg, HR 98 and regular, RR 20, SpO2 95% on air, temperature "
     "36.6 °C, capillary glucose 11.2 mmol/L. She would like something stronger for the indigestion so she can go home."),
    ("d2-em-02", "Critical", "adult", "possible ectopic pregnancy", "atypical-emergencies",
     "Mild lower tummy pain on one side, or shoulder-tip pain, with spotting in a woman who could be pregnant, even with normal observations (possible ectopic pregnancy) -> Critical.",
     "A 29-year-old woman asks for something for period pain. She has had a dull, nagging ache low on the left side of her "
     "abdomen since yesterday evening and some brown spotting this morning. Her last normal period was about seven weeks ago; "
     "her cycles are usually regular and she has not done a pregnancy test. She mentions an odd ache at the tip of her left "
     "shoulder when she lay down last night. She has had chlamydia treated in the past and uses condoms most of the time. "
     "No fever, no urinary symptoms, no vomiting. On examination she is comfortable, with mild tenderness in the left iliac "
     "fossa and no guarding. BP 118/74 mmHg, HR 84, RR 14, temperature 36.9 °C, SpO2 99%. She thinks her period is simply "
     "late and heavy this month."),
    ("d2-em-03", "Critical", "child", "possible diabetic ketoacidosis", "unwell-child",
     "Tiredness, thirst, passing much more urine or bedwetting again with vomiting, tummy pain or fast deep breathing (possible diabetic ketoacidosis in a new diabetic) -> Critical.",
     "An 8-year-old boy is brought by his father with a tummy ache and vomiting since this morning. Over the last three "
     "weeks he has been drinking far more than usual, getting up at night to pass urine and has started wetting the bed "
     "again after years of being dry. His school uniform has become loose. Today he has vomited four times and seems very "
     "tired, lying on the couch. He has no diarrhoea and no one else at home is unwell. There is no past medical history and "
     "he takes no medicines. On examination he is drowsy but rousable, his lips are dry and his breathing is deep and "
     "sighing. HR 128, RR 32, temperature 36.8 °C, SpO2 99%, capillary refill 3 seconds. A finger-prick glucose reads HI on "
     "the clinic meter. His father thinks it is a stomach bug going round the school."),
    ("d2-em-04", "Critical", "adult", "sepsis in an older adult", "atypical-emergencies",
     "New confusion, \"not themselves\", or \"off their legs\" in an older adult with any sign of infection (possible sepsis) -> Critical.",
     "An 86-year-old man is brought from his care home because staff say he is not himself. Since yesterday he has been "
     "muddled about where he is, which is new, and this morning he was off his legs and needed two carers to stand. He has "
     "had a loose cough for three days and is eating little. His background is Parkinson's disease, hypertension and "
     "benign prostatic enlargement; he takes co-careldopa, amlodipine and tamsulosin. He is usually independent with a frame "
     "and chats with staff. On examination he is drowsy, oriented to person only, with crackles at the right lung base. "
     "Temperature 37.8 °C, HR 104, BP 104/62 mmHg, RR 22, SpO2 93% on air. His urine output has been low overnight. The "
     "care home would like him checked and sent back with antibiotics if needed."),
    ("d2-em-05", "Critical", "adult", "sudden severe headache", "headache",
     "Sudden severe \"thunderclap\" headache -> Critical.",
     "A 46-year-old man attends the walk-in clinic two hours after a headache began while he was lifting weights at the gym. "
     "He describes it as being hit on the back of the head with a bat: it was at its worst within seconds, the worst of his "
     "life, and he had to lie down on the floor. He vomited once in the changing room. It has eased a little with paracetamol "
     "and he now rates it 6/10. He has no history of migraine and rarely gets headaches. He smokes and has treated "
     "hypertension on amlodipine. On examination he is alert and oriented, a little photophobic, with a stiff-feeling neck "
     "at the extremes of flexion; limbs and pupils are normal. BP 158/94 mmHg, HR 76, temperature 36.7 °C, SpO2 98%. He "
     "asks if he can drive home and sleep it off."),
    ("d2-em-06", "Critical", "adult", "breathlessness after a long-haul flight", "atypical-emergencies",
     "Breathlessness, fast pulse or chest pain after a long-haul flight, surgery or with a swollen calf, even if mild (possible pulmonary embolism) -> Critical.",
     "A 35-year-old woman has felt short of breath on the stairs for two days. She flew back from Australia four days ago, "
     "a journey of more than 20 hours, and since then her left calf has felt tight, which she put down to the flight. She "
     "has a sharp pain under the right breast when she breathes in deeply. She takes a combined oral contraceptive and has no "
     "other history. She has not had a cough, fever or haemoptysis. On examination she is speaking comfortably; the left calf "
     "is 2 cm larger than the right and tender. Chest is clear. HR 112, BP 122/78 mmHg, RR 22, SpO2 94% on room air, "
     "temperature 37.3 °C. She would like an inhaler because she thinks she picked up a chest bug on the plane."),
    ("d2-em-07", "Critical", "child", "possible button battery ingestion", "unwell-child",
     "A child who may have swallowed a button battery, even without symptoms -> Critical.",
     "A 2-year-old girl is brought in by her mother, who found the back of the kitchen scales open and one of the two small "
     "round batteries missing about 40 minutes ago. The girl had been playing with the scales on the floor. She has not "
     "coughed, choked or vomited and is happily eating a biscuit in the waiting room. She has no past medical history, is "
     "fully immunised and takes no medicines. The mother searched the floor and did not find the battery. On examination "
     "the child is alert, playful, breathing comfortably and swallowing without difficulty; there is no drooling. HR 118, "
     "RR 26, temperature 36.7 °C, SpO2 99%. Her mouth looks normal. The mother wonders whether it is safe to wait and watch "
     "her nappies for it."),
    ("d2-em-08", "Critical", "child", "possible testicular torsion", "unwell-child",
     "Sudden pain in the testicle, groin or lower tummy in a boy or young man (possible testicular torsion; the boy may only say his tummy hurts) -> Critical.",
     "A 14-year-old boy is brought by his mother with lower tummy pain that came on suddenly about 90 minutes ago during PE "
     "at school. He has vomited once and is walking carefully. He says the pain is low down on the left and into his groin; "
     "when asked directly, he admits his left testicle hurts too but he was embarrassed to say. He has had no injury, no "
     "urinary symptoms and no fever. He is otherwise healthy and takes no medicines. On examination he is pale and "
     "uncomfortable; the abdomen is soft. HR 102, BP 124/70 mmHg, temperature 36.9 °C, RR 18, SpO2 99%. His mother asked "
     "for an appointment later in the week if it does not settle, as she thinks it is a pulled muscle."),
    ("d2-em-09", "Critical", "adult", "possible aortic dissection", "atypical-emergencies",
     "Sudden back pain described as tearing or ripping, or back pain with fainting, in an adult with high blood pressure (possible aortic dissection) -> Critical.",
     "A 61-year-old man presents with back pain that started suddenly an hour ago while he was sitting watching television. "
     "He describes a ripping pain between the shoulder blades that has moved lower down his back. He has poorly controlled "
     "hypertension and stopped his tablets two months ago because they made his ankles swell. He smokes 15 cigarettes a day. "
     "He has had no injury and no urinary symptoms. On examination he is restless and sweaty. BP 186/104 mmHg in the right "
     "arm and 152/88 mmHg in the left, HR 96, RR 20, SpO2 97%, temperature 36.5 °C. Pulses in the legs are present. He "
     "thinks he has pulled something and asks for strong painkillers and a sick note."),
    ("d2-em-10", "Critical", "child", "possible intussusception", "unwell-child",
     "Episodes of screaming with legs drawn up, vomiting, pallor between episodes, or blood or \"redcurrant jelly\" in the stool in an infant or toddler (possible intussusception) -> Critical.",
     "A 9-month-old boy is brought by his parents because since last night he has had episodes of inconsolable crying every "
     "15 to 20 minutes, drawing his knees up to his chest, then going quiet, pale and sleepy in between. He has vomited three "
     "times today, the last one greenish. His nappy an hour ago had a small amount of dark red, jelly-like mucus. He had a "
     "cold last week. He was born at term and is otherwise well, and he is fully immunised. On examination between episodes "
     "he is pale and lethargic; the abdomen is soft with a vague fullness on the right. HR 156, RR 36, temperature 37.4 °C, "
     "SpO2 98%, capillary refill 2 seconds. The parents wonder whether it is teething or colic."),
    ("d2-em-11", "Critical", "adult", "head injury on an anticoagulant", "head-injury",
     "Any head injury in a patient on anticoagulants with any symptom, or a dangerous mechanism of injury -> Critical.",
     "A 79-year-old woman tripped over a rug at home yesterday evening and hit her forehead on the door frame. She did not "
     "lose consciousness and got herself up. Today she has a headache, which she rates 4/10, and she feels more tired than "
     "usual. She has not vomited. She takes apixaban for atrial fibrillation, bisoprolol and levothyroxine. Her daughter, "
     "who brought her, says she seems her normal self in conversation. On examination there is a 3 cm bruise over the left "
     "forehead, GCS 15, pupils equal and reactive, and no weakness. BP 146/82 mmHg, HR 74 irregular, temperature 36.6 °C, "
     "SpO2 97%. She wants to know if she should stop the apixaban for a day or two because of the bruise."),
    ("d2-em-12", "Critical", "child", "possible epiglottitis", "unwell-child",
     "Stridor at rest, drooling, sitting forward and unable to swallow (possible epiglottitis or severe croup) -> Critical.",
     "A 4-year-old girl has had a high temperature and a very sore throat since this afternoon. Her mother says she has "
     "stopped swallowing her saliva and is drooling, and her voice sounds muffled. She is sitting bolt upright, leaning "
     "forward with her chin out, and does not want to lie down. Her breathing has become noisy on breathing in. She has no "
     "cough. Her immunisations are incomplete because the family moved several times. On examination she is anxious and "
     "still, with soft inspiratory stridor at rest and mild subcostal recession. Temperature 39.4 °C, HR 150, RR 34, SpO2 "
     "95% on air. The mother asks for antibiotics for tonsillitis, which her older brother had last month."),
    ("d2-em-13", "High", "adult", "transient ischaemic attack", "stroke-signs",
     "FAST symptoms that fully resolved within the last 7 days (possible TIA) -> High.",
     "A 72-year-old man reports that yesterday afternoon, while reading the paper, his left hand went numb and clumsy and he "
     "could not hold his cup, and his wife said his speech was slurred. It all resolved after about 30 minutes and he feels "
     "completely normal today. He has hypertension, type 2 diabetes and had a heart stent ten years ago; he takes aspirin, "
     "metformin, ramipril and simvastatin. He did not call anyone at the time because it got better on its own. On examination "
     "he is alert with normal speech, no facial asymmetry, normal power and sensation in all limbs and a steady gait. "
     "BP 164/90 mmHg, HR 72 regular, temperature 36.5 °C, SpO2 97%, glucose 8.1 mmol/L. He asks for a routine appointment "
     "with his usual doctor next week."),
    ("d2-em-14", "High", "child", "possible Kawasaki disease", "unwell-child",
     "Fever for 5 days or more, or fever with red eyes, red cracked lips, rash and swollen hands or feet (possible Kawasaki disease) -> High.",
     "A 3-year-old boy has had a fever for six days that keeps coming back despite paracetamol and ibuprofen. His parents "
     "noticed that both eyes have been red for three days without any discharge, his lips are red and cracked, and he has a "
     "blotchy rash over his trunk. Today his hands and feet look puffy and he does not want to walk. He is drinking, though "
     "less than usual, and has had wet nappies. He was seen two days ago and told it was a virus. On examination he is "
     "miserable but alert, with a strawberry-red tongue and a tender 2 cm lymph node on the right side of the neck. "
     "Temperature 39.1 °C, HR 138, RR 28, SpO2 98%, capillary refill under 2 seconds."),
    ("d2-em-15", "High", "child", "possible pyloric stenosis", "unwell-child",
     "Forceful (projectile) vomiting after every feed in a baby of 2-8 weeks who is hungry afterwards (possible pyloric stenosis) -> High.",
     "A 5-week-old boy is brought in because for four days his vomiting has become more forceful: after nearly every feed "
     "the milk shoots out across the room. The vomit is milky and never green. Straight afterwards he roots and wants to feed "
     "again. He is bottle-fed, was born at term weighing 3.6 kg and now weighs 3.7 kg. He has had fewer wet nappies today and "
     "his stools are small. There is no fever. On examination he is alert and hungry, with slightly dry lips and a soft "
     "abdomen. Temperature 36.8 °C, HR 150, RR 40, SpO2 99%, capillary refill 2 seconds. His mother has been told it is "
     "reflux and asks whether to try a thickened formula."),
    ("d2-em-16", "High", "adult", "possible HIV exposure within 72 hours", "hiv-post-exposure",
     "Possible HIV exposure within the last 72 hours -> High: PEP assessment must happen the same day, within hours; do not book for later.",
     "A 27-year-old man asks for a sexual health appointment in the next week or so. Two nights ago he had receptive anal sex "
     "with a new partner he met through an app, and the condom split. He later learned that the partner is HIV positive and "
     "is not sure whether the partner's viral load is undetectable. He feels well and has no symptoms: no fever, rash, "
     "discharge or pain. He is not on PrEP and had a negative HIV test six months ago. He takes no regular medicines and has "
     "no allergies. He is anxious but calm, and his observations are normal: BP 124/76 mmHg, HR 82, temperature 36.7 °C, "
     "SpO2 99%. He thought there was nothing to be done until he could get a test."),
    ("d2-em-17", "High", "adult", "possible deep vein thrombosis", "limb-pain-swelling",
     "One swollen, painful calf or leg, with risk factors for a clot and no breathlessness (possible deep vein thrombosis) -> High (same-day assessment).",
     "A 64-year-old man had a right total knee replacement 12 days ago. For two days his right calf has been aching and the "
     "leg below the knee has become more swollen than it was after the operation. He finished his course of blood-thinning "
     "injections five days ago. He has no chest pain, no breathlessness and no cough. His history includes obesity and "
     "osteoarthritis; he takes paracetamol and occasional codeine. On examination the surgical wound is clean and dry, the "
     "right calf is 3 cm larger than the left, warm and tender along the back, with pitting oedema to mid-shin. BP 138/84 "
     "mmHg, HR 86, RR 16, SpO2 97%, temperature 37.1 °C. He wonders if this is normal after the surgery."),
    ("d2-em-18", "High", "adult", "bleeding in early pregnancy", "pregnancy-bleeding-pain",
     "Light bleeding or mild cramping in early pregnancy with stable vital signs -> High (early pregnancy assessment within 24 hours).",
     "A 31-year-old woman who is 9 weeks pregnant by dates has had light red bleeding since this morning, about enough to "
     "need a panty liner, with mild period-like cramps low in the middle of her abdomen. She has not passed clots or tissue. "
     "She has not yet had a scan. She has no one-sided pain, no shoulder-tip pain and no dizziness. This is her second "
     "pregnancy; her first was a normal delivery three years ago. She takes folic acid. On examination she is comfortable "
     "and well perfused, with a soft abdomen and no focal tenderness. BP 116/72 mmHg, HR 78, RR 14, temperature 36.8 °C, "
     "SpO2 99%. She is worried about a miscarriage and asks what she should do."),
    # ---- non-emergent (Medium) -----------------------------------------------------------
    ("d2-nu-01", "Medium", "adult", "chest wall pain", "chest-pain",
     "Pain reproduced by pressing on the chest wall, after strain or injury, with normal vital signs -> Medium.",
     "A 52-year-old woman has had pain on the left side of her chest for three days, since she helped her son move a heavy "
     "sofa up two flights of stairs. It is sharp when she twists or reaches up and aches when she lies on that side; walking "
     "up hills does not bring it on. She has no breathlessness, sweating, nausea or palpitations, and the pain does not "
     "spread to her arm or jaw. She does not smoke, has no diabetes and no family history of heart disease; she takes no "
     "regular medicines. On examination pressing over the left fourth and fifth ribs next to the breastbone reproduces the "
     "pain exactly. Heart sounds are normal and the chest is clear. BP 124/78 mmHg, HR 72, RR 14, SpO2 99%, temperature 36.6 "
     "°C. She is frightened it could be her heart."),
    ("d2-nu-02", "Medium", "adult", "sciatica", "back-pain",
     "Leg pain (sciatica) without weakness or bladder symptoms, lasting over 6 weeks -> Medium.",
     "A 38-year-old warehouse worker has had pain shooting from his right buttock down the back of his thigh to the outside "
     "of his calf for eight weeks. It started after lifting boxes, is worse sitting and driving, and wakes him if he rolls "
     "over. Ibuprofen and stretches have helped only a little. He has no numbness around the saddle area, no change in his "
     "bladder or bowels, and no weakness: he can walk on his heels and toes. There has been no fever, weight loss or history "
     "of cancer. He is otherwise well and takes no regular medicines. On examination straight leg raising on the right is "
     "limited at 50 degrees by leg pain; power, reflexes and sensation are normal. BP 128/80 mmHg, HR 70, temperature 36.7 "
     "°C. He would like a physiotherapy referral and advice about work."),
    ("d2-nu-03", "Medium", "adult", "visible blood in urine", "urinary-symptoms",
     "Visible blood in urine without infection symptoms, especially over age 45 -> Medium (prompt investigation).",
     "A 63-year-old man noticed that his urine was pink, like rosé wine, on two occasions this week. It was painless and he "
     "has not passed clots. He has no burning, no frequency, no fever, no loin pain and no difficulty passing urine. He smoked "
     "for 35 years and stopped five years ago, and worked in a dye factory in his twenties. He takes amlodipine for blood "
     "pressure and no blood thinners. He feels well and has not lost weight. On examination the abdomen is soft and "
     "non-tender with no palpable bladder. BP 136/82 mmHg, HR 68, temperature 36.6 °C, SpO2 98%. A urine dipstick in clinic "
     "shows blood ++ with no leucocytes or nitrites. He asks if it might just be something he ate."),
    ("d2-nu-04", "Medium", "adult", "raised blood pressure without symptoms", "raised-blood-pressure",
     "BP 160/100-179/119 without symptoms -> Medium (review within days).",
     "A 47-year-old woman was told at a pharmacy health check that her blood pressure was high and was advised to see the "
     "clinic. She feels completely well. She has no headache, no chest pain, no breathlessness, no visual disturbance and no "
     "swelling of her ankles. She is not pregnant. She has a family history of stroke in her father and is overweight; she "
     "drinks about 20 units of alcohol a week. She takes no regular medicines. In clinic, after sitting quietly for five "
     "minutes, three readings are 168/104, 166/102 and 164/100 mmHg. HR 78, SpO2 99%, temperature 36.5 °C. Urine dipstick "
     "is normal. She asks whether she needs tablets and how to check her pressure at home."),
    ("d2-nu-05", "Medium", "adult", "persistent cough", "cough-cold",
     "Cough lasting more than 3 weeks, blood-streaked sputum, weight loss or night sweats -> Medium (investigation within days).",
     "A 57-year-old man has had a cough for five weeks that started with a cold and has not gone away. He brings up a little "
     "clear phlegm in the mornings, and twice last week it had a streak of blood in it. He has not had a fever or night sweats "
     "and thinks he may have lost a couple of kilograms. He is not breathless and has no chest pain. He smokes 20 cigarettes a "
     "day and has done for 40 years. He has no known lung disease and takes no regular medicines. On examination he is "
     "comfortable at rest and talking in full sentences; the chest is clear with no clubbing. BP 142/86 mmHg, HR 80, RR 16, "
     "SpO2 96% on air, temperature 36.8 °C. He would like some cough mixture."),
    ("d2-nu-06", "Medium", "child", "bronchiolitis", "unwell-child",
     "Cough and runny nose with mild fast breathing in a baby who is feeding at least half of the usual amount (bronchiolitis) -> Medium (review within the day, sooner if feeding falls).",
     "A 5-month-old girl has had a runny nose for three days and a cough for two, and her breathing has been a bit faster "
     "since yesterday. Her mother says she is taking about two thirds of her usual bottles and has had five wet nappies today. "
     "There have been no pauses in her breathing and no colour change. Her older brother has a cold. She was born at 39 weeks "
     "and has no medical problems. On examination she is alert and smiling, with mild subcostal recession, scattered "
     "crackles and wheeze on both sides, and no grunting. Temperature 37.9 °C, HR 140, RR 48, SpO2 96% on air, capillary "
     "refill under 2 seconds. Her mother asks whether the cough will get worse before it gets better."),
    ("d2-nu-07", "Medium", "child", "urinary infection in a child", "unwell-child",
     "Fever with burning or smelly urine in a child, drinking well -> Medium (urine test the same or next day).",
     "A 4-year-old girl has had a temperature for a day and has complained that it stings when she passes urine. Her mother "
     "says her wee smells strong and she has been going to the toilet more often, with one accident at nursery. She is "
     "drinking well and eating a little less than usual. She has not vomited and has no tummy pain or back pain. She has had "
     "no previous urine infections and no other medical problems. On examination she is alert, playful and well hydrated, "
     "with a soft, non-tender abdomen and no loin tenderness. Temperature 38.2 °C, HR 118, RR 24, SpO2 99%, capillary "
     "refill under 2 seconds. Her mother has brought a urine sample in a jam jar."),
    ("d2-nu-08", "Medium", "adult", "gout flare", "limb-pain-swelling",
     "Acute pain, redness and swelling of the big toe or one joint in someone with previous gout -> Medium.",
     "A 58-year-old man woke this morning with a red, hot, swollen right big toe that is so tender he cannot bear the bed "
     "sheet on it. He had a similar attack in the same toe two years ago that was diagnosed as gout and settled with "
     "anti-inflammatories. He had a large meal with beer at a wedding two nights ago. He feels otherwise well, with no fever, "
     "rigors or other joint pains, and no injury. He has hypertension treated with bendroflumethiazide and takes no blood "
     "thinners. On examination the first metatarsophalangeal joint is swollen, red and very tender; the rest of the foot is "
     "normal, and there is no spreading redness. Temperature 37.0 °C, HR 80, BP 144/88 mmHg. He asks for the same tablets as "
     "last time."),
    ("d2-nu-09", "Medium", "adult", "fall in an older adult", "falls",
     "Unexplained fall, recurrent falls, or a fall with minor injury in an older adult -> Medium (falls assessment within days).",
     "An 81-year-old woman is accompanied by her son after a fall at home two days ago, the second this month. She was "
     "walking to the bathroom at night and thinks she tripped; she did not hit her head, did not lose consciousness and got "
     "up by herself within a few minutes. She has a graze on her right elbow and a bruise on the hip but walks normally. She "
     "takes amlodipine, doxazosin, and zopiclone most nights. She lives alone. On examination she is alert and oriented, "
     "walks with a slight unsteadiness without pain, and has full movement of both hips. BP 132/78 mmHg sitting and 116/70 "
     "mmHg standing, HR 76, temperature 36.5 °C, SpO2 97%. Her son would like a review to stop her falling again."),
    ("d2-nu-10", "Medium", "adult", "moderate depression", "anxiety-depression-screening",
     "PHQ-9 10-19 or GAD-7 10-21 without risk -> Medium (review within days to plan treatment).",
     "A 28-year-old woman has felt low and flat for about two months since a relationship ended. She sleeps badly, wakes at "
     "4 am, has lost interest in seeing friends and finds it hard to concentrate at work, where she has made mistakes. She "
     "is eating less but still manages meals. She scores 14 on the PHQ-9, answering 'not at all' to thoughts that she would "
     "be better off dead or of hurting herself, and 11 on the GAD-7. She has no plans or thoughts of self-harm and has never "
     "self-harmed. She drinks a few glasses of wine at weekends and uses no drugs. She is supported by her sister. She is "
     "tearful but engaged, and her observations are normal. She would like to talk about counselling."),
    ("d2-nu-11", "Medium", "adult", "recurrent low glucose", "low-blood-glucose",
     "Recurrent episodes this week, or lost warning symptoms -> Medium (treatment review within days).",
     "A 66-year-old man with type 2 diabetes has had three episodes this week where he felt shaky and sweaty before lunch, "
     "with finger-prick readings of 3.4, 3.6 and 3.2 mmol/L. Each time he took glucose tablets and a sandwich and felt "
     "better within 15 minutes. He has been walking much more since he got a dog and has lost 4 kg. He takes metformin and "
     "gliclazide 80 mg twice a day, exactly as prescribed. He has not needed help from anyone during an episode and has not "
     "blacked out. On examination he is well and alert. BP 128/76 mmHg, HR 70, temperature 36.6 °C, capillary glucose "
     "6.8 mmol/L now. He drives for work and asks whether his tablets should change."),
    ("d2-nu-12", "Medium", "adult", "out of antiretroviral medicines", "missed-antiretroviral-doses",
     "Out of medicines now, or repeated missed doses over the past weeks -> Medium (within 1-3 days; a supply is arranged the same day when possible).",
     "A 36-year-old woman with HIV diagnosed eight years ago ran out of her once-daily antiretroviral tablet yesterday after "
     "her repeat prescription was delayed. She missed yesterday's dose and has none for today. Her last viral load six months "
     "ago was undetectable and her CD4 count was normal. She feels well, with no fever, rash, cough, breathlessness, "
     "headache or weight loss. She is not pregnant and uses an implant for contraception. She has no other medical problems "
     "and no allergies. Her observations are normal: BP 118/74 mmHg, HR 72, temperature 36.7 °C, SpO2 99%. She asks for a "
     "new supply and a check of her bloods, as she is due a routine test."),
    ("d2-nu-13", "Medium", "child", "young infant who feels warm", "fever-infant-under-3-months",
     "Infant under 3 months who feels warm but has a normal measured temperature and is feeding and behaving normally -> Medium, with re-measurement and safety-netting.",
     "A 7-week-old girl is brought by her parents because she felt hot to touch this morning after a long nap wrapped in two "
     "blankets in a warm room. They did not have a thermometer at home. She has been feeding normally every three hours, "
     "has had six wet nappies today, and is alert and smiling between feeds. There has been no cough, vomiting, rash or "
     "change in her cry. She was born at term after an uncomplicated pregnancy and had her 6-week check last week. On "
     "examination she is pink, active and well perfused, with a soft fontanelle and no rash. Temperature 37.2 °C measured "
     "twice, HR 142, RR 38, SpO2 99%, capillary refill under 2 seconds. Her parents want to know what temperature is too high."),
    ("d2-nu-14", "Medium", "adult", "prolonged diarrhoea", "diarrhoea-vomiting",
     "Diarrhoea lasting more than 7 days, or vomiting more than 2 days, in an otherwise well adult -> Medium.",
     "A 26-year-old man has had loose stools three or four times a day for ten days, since returning from a trekking holiday "
     "in Nepal. There is no blood or mucus, he has had some cramping and wind, and he feels tired. He has not had a fever and "
     "is eating and drinking normally, passing urine as usual. He has not taken any antibiotics. No one else he travelled "
     "with is unwell. He has no medical history and takes no medicines. On examination he is well hydrated, with a soft "
     "abdomen that is mildly tender in the left lower quadrant without guarding. BP 122/76 mmHg, HR 74, temperature 36.9 "
     "°C, SpO2 99%. He has brought a stool sample and asks whether he picked up a parasite."),
    ("d2-nu-15", "Medium", "adult", "foreign body sensation in the eye", "eye-complaints",
     "Foreign body sensation after a minor speck, vision normal -> Medium.",
     "A 41-year-old woman felt something blow into her left eye while cycling to work this morning. Since then the eye has "
     "felt gritty and watery, as if there is an eyelash under the lid, and rinsing under the tap helped only partly. Her "
     "vision is normal and she does not wear contact lenses. There was no hammering, grinding or high-speed work involved, "
     "and no chemical splash. She has no pain at rest, no headache and no sensitivity to light. On examination visual "
     "acuity is 6/6 in both eyes; the left eye is mildly red, and no foreign body is seen on the lower lid. She has no "
     "medical problems and takes no medicines. She asks for the eye to be checked properly."),
    ("d2-nu-16", "Medium", "adult", "persistently high glucose readings", "high-blood-glucose",
     "Persistently high readings without ketones or symptoms -> Medium (medication review within days).",
     "A 68-year-old man with type 2 diabetes has noticed his morning finger-prick readings have been between 13 and 17 "
     "mmol/L for the past three weeks, up from around 8. He changed to a new night-shift rota and has been eating later and "
     "snacking more. He feels well. He is not thirsty, is not passing more urine than usual, has no vomiting, abdominal pain "
     "or drowsiness, and has not lost weight. He takes metformin 1 g twice a day and has not missed doses; he is not on an "
     "SGLT2 inhibitor. A blood ketone check in clinic is 0.3 mmol/L and capillary glucose is 15.2 mmol/L. BP 136/82 mmHg, "
     "HR 76, temperature 36.6 °C. He asks whether he needs another tablet."),
    ("d2-nu-17", "Medium", "child", "earache with fever for several days", "ear-pain",
     "Earache with fever lasting more than 3 days, or discharge lasting more than a few days -> Medium.",
     "A 7-year-old boy has had pain in his right ear for four days with a temperature up to 38.5 °C each evening, helped by "
     "paracetamol. He had a cold before it started. He is eating a little less but drinking well and went to school "
     "yesterday. There is no discharge from the ear, no swelling or redness behind it, and no headache, neck stiffness or "
     "drowsiness. He has had two ear infections before. He has no other medical problems and no allergies. On examination "
     "he is alert and chatty; the right eardrum is red and bulging, the area behind the ear is normal and not tender, and "
     "the neck moves freely. Temperature 38.1 °C, HR 104, RR 20, SpO2 99%. His father asks if he needs antibiotics this time."),
    ("d2-nu-18", "Medium", "adult", "passive thoughts of death", "suicidal-ideation-self-harm",
     "Passive thoughts of death (\"I wish I wouldn't wake up\") without plan or intent, with supports in place -> Medium, with follow-up within days.",
     "A 50-year-old man who lost his job three months ago says that some nights he thinks it would be easier if he did not "
     "wake up. He has never made a plan, has no intention of acting on these thoughts and has never harmed himself. He says "
     "his wife and two teenage children keep him going, and his wife knows how he feels. He keeps no stockpiled tablets and "
     "has no firearms. He drinks two beers most evenings and does not use drugs. His sleep and appetite are reduced and he "
     "scores 16 on the PHQ-9. He agrees a safety plan with the nurse and will call the crisis line if the thoughts change. "
     "His observations are normal. He would like help with his mood and to talk about treatment."),
    # ---- self-care (Low) -------------------------------------------------------------------
    ("d2-sc-01", "Low", "adult", "simple faint", "dizziness",
     "Typical simple faint (standing long, heat, pain) with full recovery in a young healthy person -> Low.",
     "A 22-year-old man fainted last night at an outdoor concert after standing for three hours in the heat without drinking "
     "much. Friends say he went pale, said he felt sick and hot, slumped to the ground and came round within about 20 "
     "seconds, with no jerking and no incontinence. He felt washed out for an hour and then was fine. He had no chest pain "
     "or palpitations beforehand and it did not happen during exertion. There is no family history of sudden death, and he "
     "has no medical problems and takes no medicines or drugs. Today he feels completely well. On examination he is alert. "
     "BP 122/74 mmHg lying and 118/76 mmHg standing, HR 66 regular, temperature 36.6 °C, SpO2 99%, glucose 5.4 mmol/L. "
     "His mother insisted he be checked."),
    ("d2-sc-02", "Low", "adult", "typical migraine", "headache",
     "Recurrent headaches typical of the patient's known migraine or tension headache -> Low.",
     "A 34-year-old woman with migraine since her teens has a throbbing headache over the right temple that began this "
     "morning after a zigzag visual aura lasting 20 minutes, exactly like her usual attacks, which come about once a month "
     "around her period. She feels nauseated and prefers a dark room. It built up over an hour; it was not sudden. She has "
     "no fever, neck stiffness, weakness, numbness or speech problems, and the aura has fully cleared. She is not pregnant. "
     "She normally takes sumatriptan but has run out. On examination she is alert and oriented with normal neurology. BP "
     "118/76 mmHg, HR 74, temperature 36.7 °C. She asks for a repeat prescription and advice on preventing attacks."),
    ("d2-sc-03", "Low", "child", "hand, foot and mouth disease", "unwell-child",
     "Mouth ulcers with spots on the hands and feet in an otherwise well child (hand, foot and mouth disease) -> Low.",
     "A 3-year-old boy has had sore spots in his mouth for two days and is off his food, and today his mother noticed small "
     "red spots and blisters on his palms, the soles of his feet and around his bottom. Several children at his nursery have "
     "had something similar. He had a mild temperature yesterday that settled with paracetamol. He is drinking milk and "
     "water well and has had his usual wet nappies. He is playing and alert. On examination there are a few small ulcers on "
     "the tongue and inside the cheeks and oval blisters on the hands and feet; the rash blanches and the skin is otherwise "
     "normal. Temperature 37.4 °C, HR 110, RR 24, SpO2 99%, capillary refill under 2 seconds. His mother asks when he can "
     "go back to nursery."),
    ("d2-sc-04", "Low", "child", "feverish cold", "unwell-child",
     "Fever of a few days with a runny nose or cough, child alert, drinking and passing urine -> Low.",
     "A 2-year-old girl has had a runny nose, a cough and temperatures up to 38.4 °C for two days. Her mother says she is a "
     "bit grizzly but still playing, is drinking well and has had plenty of wet nappies. She is eating a little less than "
     "usual. There has been no rash, vomiting, diarrhoea, breathing difficulty or drowsiness. Her older sister had a cold "
     "last week. She is fully immunised and has no medical problems. On examination she is alert, interactive and pink, "
     "with a clear runny nose and mildly red throat; the chest is clear with no recession and the ears look normal. "
     "Temperature 38.0 °C, HR 124, RR 26, SpO2 98%, capillary refill under 2 seconds. Her mother asks whether she needs "
     "antibiotics."),
    ("d2-sc-05", "Low", "adult", "acute low back pain", "back-pain",
     "Acute non-specific low back pain without red flags -> Low.",
     "A 45-year-old man has had an aching pain across his lower back for three days, since a weekend spent digging in his "
     "garden. It is worse when bending and getting out of a chair and eases when he walks around. The pain stays in his "
     "back and does not go down his legs. He has no numbness around the buttocks or groin, no problems passing urine or "
     "opening his bowels, no leg weakness, no fever and no history of cancer or injury. He has had similar episodes before "
     "that settled within a couple of weeks. He takes no regular medicines. On examination he moves stiffly; the lower "
     "back muscles are tender, and leg power, reflexes and sensation are normal. BP 130/80 mmHg, HR 72, temperature 36.6 "
     "°C. He asks whether he should rest in bed."),
    ("d2-sc-06", "Low", "adult", "mild sunburn", "burns",
     "Small superficial burns or mild sunburn -> Low; small blisters under 1% -> Medium.",
     "A 30-year-old woman fell asleep on the beach yesterday afternoon and her shoulders and upper back are red and sore "
     "today. The skin feels hot and tight, and it stings in the shower. There are no blisters, and she has no fever, chills, "
     "headache, vomiting or dizziness. She is drinking plenty of water. She has fair skin, no medical problems and takes no "
     "regular medicines; she is not pregnant. On examination there is even redness over both shoulders and the upper back "
     "that blanches on pressure, with no blistering or broken skin; she is alert and well. Temperature 36.9 °C, HR 76, BP "
     "116/72 mmHg. She asks what she can put on it and when she can go back in the sun."),
    ("d2-sc-07", "Low", "adult", "positional vertigo", "dizziness",
     "**Low**: self-care for positional vertigo or a simple faint with a clear trigger.",
     "A 62-year-old woman has had brief spells of the room spinning for four days, each lasting less than a minute, when "
     "she rolls over in bed to the right, lies back at the hairdresser's, or looks up to a high shelf. Between spells she "
     "feels normal. She has no headache, no hearing loss or ringing, no double vision, no slurred speech, no weakness and no "
     "trouble walking. She had a similar episode three years ago that was treated with a repositioning manoeuvre. She takes "
     "levothyroxine. On examination her neurological examination and gait are normal; turning her head to the right while "
     "lying back brings on a short burst of spinning. BP 128/78 mmHg, HR 70 regular, temperature 36.5 °C. She would like "
     "exercises to do at home."),
    ("d2-sc-08", "Low", "adult", "conjunctivitis", "eye-complaints",
     "Sticky red eyes with normal vision and no pain (conjunctivitis); mild dry or tired eyes -> Low.",
     "A 27-year-old teacher woke up yesterday with her right eye stuck shut with yellow crusting, and today the left eye has "
     "started too. Both eyes look pink and feel gritty but not painful. Her vision is clear once she blinks away the "
     "discharge, and bright light does not bother her. She does not wear contact lenses and has had no injury or chemical "
     "exposure. Several children in her class have had sticky eyes. She has no medical problems and takes no medicines. On "
     "examination visual acuity is 6/6 in each eye, both conjunctivae are diffusely red with sticky discharge, the corneas "
     "are clear and the pupils react normally. Temperature 36.7 °C. She asks whether she must stay off work."),
    ("d2-sc-09", "Low", "child", "minor head bump", "head-injury",
     "Minor bump, no loss of consciousness, no vomiting, normal behaviour -> Low.",
     "A 6-year-old boy bumped his forehead on the edge of a climbing frame at the playground an hour ago. He cried "
     "straight away, did not lose consciousness and was back playing within ten minutes. He has not vomited, is not drowsy, "
     "and is behaving normally according to his mother. He has a small lump on the forehead with no cut. He does not take "
     "any medicines and has no bleeding disorder. On examination he is alert and chatty, GCS 15, walking and running "
     "normally, with a 2 cm tender swelling above the right eyebrow, equal reactive pupils and no clear fluid from the nose "
     "or ears. HR 96, RR 20, temperature 36.6 °C. His mother asks what to watch for tonight."),
    ("d2-sc-10", "Low", "adult", "plantar heel pain", "limb-pain-swelling",
     "Heel pain worst on the first steps in the morning, or elbow pain on gripping, without injury -> Low.",
     "A 39-year-old man has had pain under his left heel for six weeks. It is worst with the first few steps when he gets out "
     "of bed in the morning and after sitting for a while, and eases as he walks around, though it aches by the end of a long "
     "shift standing at work. He recently took up running and bought new trainers. There was no injury, and he has no "
     "swelling, numbness, calf pain, fever or other joint problems. He has no medical problems and takes no medicines. On "
     "examination there is tenderness on the inner part of the underside of the left heel; the ankle and calf are normal, "
     "with no swelling or redness. BP 126/80 mmHg, HR 64, temperature 36.5 °C. He asks for stretches and advice on footwear."),
    ("d2-sc-11", "Low", "adult", "common cold", "cough-cold",
     "Cold symptoms with normal breathing and observations -> Low.",
     "A 29-year-old man has had a blocked and runny nose, sneezing, a mild sore throat and a tickly cough for three days. He "
     "felt a little feverish on the first night but has not measured a temperature since. He is eating and drinking "
     "normally, is not short of breath and has no chest pain. He has no asthma or other lung disease and does not smoke. He "
     "takes no regular medicines. His partner had the same cold last week and is now better. On examination he is well, "
     "talking in full sentences, with a clear nasal discharge and a slightly red throat without pus; the chest is clear. "
     "Temperature 37.2 °C, HR 74, RR 14, SpO2 99% on air. He would like something to help him sleep through the cough."),
    ("d2-sc-12", "Low", "child", "threadworm", "unwell-child",
     "Nappy rash, head lice or an itchy bottom at night (threadworm) in a well child -> Low.",
     "An 8-year-old girl has been scratching her bottom at night for a week and has been waking up because of it. Her mother "
     "saw tiny white threads in the toilet this morning. She is eating well, has no tummy pain, diarrhoea, fever or weight "
     "loss, and is otherwise her usual lively self. Her younger brother has started scratching too. She has no medical "
     "problems and takes no regular medicines. On examination she is well and cheerful, the abdomen is soft and non-tender, "
     "and there is mild redness around the anus from scratching without broken skin or discharge. Temperature 36.6 °C, "
     "HR 88. Her mother asks whether the whole family needs treating and how to stop it coming back."),
    ("d2-sc-13", "Low", "child", "constipation in a well child", "unwell-child",
     "Hard infrequent stools in a well child who is eating and growing -> Low.",
     "A 2-year-old boy has been passing a hard stool only every three or four days for the last month, since starting "
     "nursery, and he cries when he strains. There has been a small streak of bright blood on the outside of the stool once. "
     "He is eating well, though he is a picky eater who drinks lots of milk, and he is growing along his centile. There is "
     "no vomiting, no tummy swelling and no fever. He passed meconium on his first day of life. He has no medical problems. "
     "On examination he is happy and active, the abdomen is soft and not distended with no masses, and the spine and legs "
     "are normal. Weight is on the 50th centile. Temperature 36.7 °C, HR 102. His father asks about diet changes."),
    ("d2-sc-14", "Low", "adult", "single high glucose reading", "high-blood-glucose",
     "Single high reading with an obvious cause, patient well -> Low.",
     "A 56-year-old woman with type 2 diabetes rang because her finger-prick glucose was 14.8 mmol/L last night, two hours "
     "after a large slice of birthday cake and a sweet drink at her granddaughter's party. This morning it was 7.9 mmol/L, "
     "her usual range. She feels well, with no thirst, no increased urination, no vomiting, no tummy pain and no drowsiness. "
     "She takes metformin and has not missed any doses. She has no infections that she knows of. In clinic she is alert and "
     "well. Capillary glucose 7.4 mmol/L, blood ketones 0.1 mmol/L, BP 130/78 mmHg, HR 72, temperature 36.5 °C. Her last "
     "HbA1c three months ago was on target. She asks whether the cake reading matters."),
    ("d2-sc-15", "Low", "adult", "single mild hypo", "low-blood-glucose",
     "Single mild episode with an obvious cause, treated and recovered -> Low.",
     "A 41-year-old man with type 1 diabetes on a basal-bolus insulin regimen felt shaky and sweaty at 3 pm yesterday after "
     "skipping lunch during a busy day at work, having taken his usual breakfast insulin. His meter read 3.5 mmol/L. He took "
     "four glucose tablets, rechecked 15 minutes later at 5.9 mmol/L and ate a sandwich. He managed it on his own, never felt "
     "confused and has had no other low readings this month; his warning signs are as usual. He feels well today. In clinic "
     "he is alert and well, capillary glucose 7.1 mmol/L, BP 122/74 mmHg, HR 70, temperature 36.6 °C. He would like advice "
     "about adjusting insulin when he misses meals."),
    ("d2-sc-16", "Low", "adult", "occasional extra beats", "palpitations",
     "**Low**: self-care and reassurance for occasional extra beats with clear triggers.",
     "A 33-year-old man has noticed an occasional thud in his chest followed by a brief pause, a few times a day for two "
     "weeks, mostly in the evening when he sits down. It has coincided with a stressful project at work, sleeping five hours "
     "a night and drinking five or six cups of coffee a day. Each episode lasts a second. He has had no chest pain, "
     "breathlessness, dizziness or fainting, and no sustained racing of the heart. He exercises without symptoms. There is "
     "no family history of sudden death or heart disease, and he takes no medicines or drugs. On examination he is well. "
     "HR 68 and regular, BP 124/78 mmHg, SpO2 99%, temperature 36.6 °C; heart sounds are normal. He asks if cutting down "
     "on coffee will help."),
    ("d2-sc-17", "Low", "child", "earache for two days", "ear-pain",
     "Earache for 1-3 days in a well child or adult -> Low.",
     "A 12-year-old girl has had earache on the left side for two days after a cold. It is worse at night and eases with "
     "ibuprofen. She has had no discharge, her hearing feels a little muffled, and she has no dizziness, headache, neck "
     "stiffness or swelling behind the ear. She has had a mild temperature, now settled, and is eating, drinking and going "
     "to school. She has no medical problems and no allergies. On examination she is alert and well; the left eardrum is "
     "pink and dull without perforation, the skin behind the ear is normal and not tender, and the neck moves freely. "
     "Temperature 37.3 °C, HR 84, RR 16. Her mother asks if she can go swimming this weekend."),
    ("d2-sc-18", "Low", "adult", "old stable stroke weakness", "stroke-signs",
     "Long-standing, unchanged weakness from an old stroke, no new symptoms -> Low.",
     "A 70-year-old man had a stroke four years ago that left him with weakness of the right arm and a slight drag of the "
     "right leg. He attends for his routine review and a new walking stick. His wife says nothing has changed: the weakness "
     "is the same as it has been for years, his speech is clear and his face has not changed. He has had no new numbness, "
     "headache, vision problems, falls or confusion. He takes clopidogrel, atorvastatin and ramipril and has not missed "
     "doses. On examination there is long-standing mild weakness of the right arm and leg with increased tone, unchanged "
     "from the clinic's records, and normal speech. BP 134/78 mmHg, HR 70 regular, temperature 36.5 °C, SpO2 97%. He asks "
     "for a referral to the community physiotherapist."),
]

CATEGORY = {"Critical": "emergent", "High": "emergent", "Medium": "non_emergent", "Low": "self_care"}


def rows() -> list[dict]:
    out = []
    for case_id, priority, population, topic, guideline, justification, text in CASES:
        source = (GUIDELINES / f"{guideline}.md").read_text(encoding="utf-8")
        if justification not in source:
            raise SystemExit(f"{case_id}: the justification is not a line of {guideline}.md")
        out.append({"id": case_id, "case_description": text, "expected_priority": priority,
                    "category": CATEGORY[priority], "topic": topic, "population": population,
                    "guideline": guideline, "justification": justification})
    return out


def main() -> None:
    data = rows()
    assert len({r["id"] for r in data}) == len(data)
    (HERE / "vignettes_dev2.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data),
                                               encoding="utf-8")
    print(f"wrote {len(data)} vignettes")


if __name__ == "__main__":
    main()
