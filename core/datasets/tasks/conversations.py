"""Patient conversations: onboarding, education, reminders, emotional support.

Multi-turn, patient-facing, in plain words (aimed at a 6th-8th grade reading
level). Names and places come from the fictional lists via the profile. The
assistant never gives medicine doses: dosing belongs to the care team.
"""

from __future__ import annotations

import random

SYSTEM = ("You are the patient assistant of {clinic}, a family clinic. Use plain, kind words. "
          "You do not diagnose and you do not give medicine doses; you help patients reach their care team.")

# topic: (condition id, icd10, opening questions, answer, follow-up question, follow-up answer)
EDUCATION = {
    "viral_load": ("hiv_suppressed_on_art", "Z21",
                   ("What does undetectable mean on my HIV test?", "My nurse said my viral load is undetectable. Is that good?"),
                   "Yes, it is good news. Undetectable means the HIV medicine is keeping the virus so low that the test "
                   "cannot find it. It does not mean the virus is gone, so keep taking your medicine every day. "
                   "People who stay undetectable do not pass HIV to partners through sex.",
                   "What if I miss a day?",
                   "Take it as soon as you remember, unless it is almost time for the next one. Do not double up. "
                   "If you miss often, tell your care team. They can help you find a routine that works."),
    "blood_sugar": ("type2_diabetes_controlled", "E11.9",
                    ("How often should I check my blood sugar?", "Why do I have to check my sugar at home?"),
                    "Home checks show how food, activity and medicine change your sugar. How often you check depends "
                    "on your medicines, so ask your care team what fits you. Write the numbers down or keep them in "
                    "your meter, and bring them to your visits.",
                    "What number is too low?",
                    "A reading under 70 is low. Signs are shaking, sweating or feeling confused. Eat or drink something "
                    "sugary, like juice, and check again in 15 minutes. Call the clinic if it keeps happening."),
    "daily_weights": ("heart_failure_stable", "I50.22",
                      ("Why do I need to weigh myself every day?", "The nurse wants me to weigh myself each morning. Why?"),
                      "With heart failure, extra fluid can build up before you feel it. A quick rise in weight is often "
                      "the first sign. Weigh yourself each morning after you use the toilet and before breakfast.",
                      "How much gain is a problem?",
                      "Call the clinic if you gain more than 2 pounds in a day or 5 pounds in a week, or if you are more "
                      "short of breath or your ankles swell."),
    "inhaler": ("asthma_mild_intermittent", "J45.20",
                ("Am I using my inhaler the right way?", "How do I use a spacer with my inhaler?"),
                "Shake the inhaler and breathe out first. Put the mouthpiece in your mouth, press once as you start "
                "a slow deep breath, then hold your breath for about 10 seconds. A spacer helps more of the medicine "
                "reach your lungs.",
                "Why rinse my mouth after the brown inhaler?",
                "The preventer inhaler has a steroid. Rinsing and spitting after each use helps stop a sore mouth "
                "or thrush."),
    "blood_pressure": ("hypertension_controlled", "I10",
                       ("How do I check my blood pressure at home?", "What is a good blood pressure number?"),
                       "Sit quietly for 5 minutes with your back supported and feet flat. Rest your arm at heart level. "
                       "Take two readings a minute apart and write both down. Your care team will tell you your target.",
                       "What if it is very high?",
                       "If the top number is 180 or more, or you have chest pain, weakness or trouble speaking, call 911. "
                       "If it is high but you feel fine, rest and check again, then call the clinic."),
    "pep": ("hiv_pep_request", "Z20.6",
            ("What is PEP?", "Someone told me about PEP after a condom broke. What is it?"),
            "PEP is medicine that can stop HIV after a possible exposure. It works best when started as soon as "
            "possible, and it must start within 72 hours. You take it for 28 days.",
            "Where can I get it tonight?",
            "Call the clinic now. If the clinic is closed, go to an emergency department or urgent care and say you "
            "need PEP. Do not wait until the morning if it is close to 72 hours."),
    "depression_care": ("depression_moderate", "F32.1",
                        ("Does the mood questionnaire mean I am depressed?", "What does my PHQ-9 score mean?"),
                        "The questionnaire helps us see how much low mood is affecting you. It is not a label. "
                        "Your care team will talk with you about what the score means and what could help, like "
                        "talking therapy, exercise or medicine.",
                        "What if I feel worse?",
                        "Please tell us. If you ever think about hurting yourself, call or text 988, the Suicide and "
                        "Crisis Lifeline, any time of day."),
}

ONBOARDING = (
    ("I'm new. What should I bring to my first visit?",
     "Welcome to {clinic}! Please bring a form of ID if you have one, your insurance card if you have one, and all "
     "your medicines or a list of them. If you do not have insurance, our team can talk with you about the sliding fee."),
    ("How do I use the patient portal?",
     "The portal lets you see results, ask questions and request refills. The front desk can set it up with you. "
     "If you would rather not use it, you can always call us."),
    ("Can I get an interpreter?",
     "Yes. Interpreter services are free. Tell the front desk your language when you book, and we will arrange it."),
)
ONBOARDING_FOLLOW = (
    ("Who will be my provider?", "You will see {clinician}. You can ask to see the same person at each visit."),
    ("What if I can't get here?", "Tell us when you book. We can help with rides, and some visits can be done by video."),
)

REMINDERS = (
    ("appointment", "Hi {first}, this is a reminder from {clinic}: you have a visit with {clinician} on {day}. "
                    "Reply C to confirm or R to reschedule."),
    ("lab", "Hi {first}, your blood test is due this week at {clinic}. You can come any weekday morning. "
            "Reply if you need a different time."),
    ("refill", "Hi {first}, our records show your refill may be running low. Would you like us to send a refill "
               "request to your pharmacy?"),
    ("vaccine", "Hi {first}, you are due for your flu shot. Walk-ins are welcome at {clinic} on {day}."),
)
REMINDER_REPLIES = (
    ("I can't make it then.", "No problem. Would {day2} work instead? We can also do a phone or video visit."),
    ("Yes, thank you.", "Great, you're all set. Please bring your medicines or a list of them."),
    ("Why do I need this?", "Regular checks help your care team catch problems early. If you have questions, "
                            "{clinician} is happy to go over them at the visit."),
)

SUPPORT = (
    ("I just found out I have HIV and I'm scared.",
     "Feeling scared is a very normal reaction to this news. HIV is a condition that can be "
     "treated, and people on treatment live long, healthy lives. You don't have to go through this alone: our care "
     "team and peer navigators are here for you."),
    ("I'm tired of checking my sugar all the time. I want to give up.",
     "That sounds exhausting, and many people with diabetes feel this way at times. It's called diabetes burnout. "
     "Let's tell your care team, because there may be ways to make the routine lighter."),
    ("Looking after my mom is wearing me down.",
     "Caring for someone you love is hard work, and it's okay to feel worn out. Your own health matters too. "
     "Our social worker can tell you about respite care and caregiver support groups."),
    ("I'm really anxious about my test results.",
     "Waiting for results can be stressful. It may help to write down your questions for when we call. "
     "If the worry is getting in the way of sleep or daily life, let us know and we can talk about support."),
)
SUPPORT_FOLLOW = (
    ("Is there someone I can talk to?", "Yes. We can set up a visit with our counselor, often within the week. "
                                        "If you ever feel unsafe or think about hurting yourself, call or text 988 any time."),
    ("Thanks, that helps a bit.", "I'm glad. You can message us any time, and your care team will follow up with you."),
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def make_facts(group_id: str, profile, rng: random.Random) -> dict:
    task = rng.choice(("onboarding", "education", "reminders", "emotional_support"))
    facts = {"group_id": group_id, "task": task, "first": profile.first_name, "clinic": profile.clinic,
             "clinician": profile.clinician, "day": rng.choice(DAYS), "day2": rng.choice(DAYS)}
    if task == "education":
        facts["topic"] = rng.choice(tuple(EDUCATION))
    elif task == "onboarding":
        facts["opening"] = rng.randrange(len(ONBOARDING))
    elif task == "reminders":
        facts["opening"] = rng.randrange(len(REMINDERS))
    else:
        facts["opening"] = rng.randrange(len(SUPPORT))
    return facts


def render(facts: dict, variant: int, rng: random.Random) -> dict:
    fill = {k: facts[k] for k in ("first", "clinic", "clinician", "day", "day2")}
    messages = [{"role": "system", "content": SYSTEM.format(**fill)}]
    condition = icd10 = None
    task = facts["task"]
    two_turns = variant % 2 == 1 or rng.random() < 0.5
    if task == "education":
        condition, icd10, openings, answer, follow_q, follow_a = EDUCATION[facts["topic"]]
        messages += [{"role": "user", "content": rng.choice(openings)}, {"role": "assistant", "content": answer}]
        if two_turns:
            messages += [{"role": "user", "content": follow_q}, {"role": "assistant", "content": follow_a}]
    elif task == "onboarding":
        question, answer = ONBOARDING[facts["opening"]]
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.format(**fill)}]
        if two_turns:
            q, a = rng.choice(ONBOARDING_FOLLOW)
            messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a.format(**fill)}]
    elif task == "reminders":
        kind, text = REMINDERS[facts["opening"]]
        messages += [{"role": "user", "content": f"Write a friendly {kind} reminder message for the patient."},
                     {"role": "assistant", "content": text.format(**fill)}]
        if two_turns:
            q, a = rng.choice(REMINDER_REPLIES)
            messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a.format(**fill)}]
    else:
        question, answer = SUPPORT[facts["opening"]]
        messages += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        if two_turns:
            q, a = rng.choice(SUPPORT_FOLLOW)
            messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    if task != "reminders":
        # Greetings and closings vary so that two patients' chats on one topic do not read alike.
        if task == "emotional_support":
            opener = rng.choice(("", "Thank you for telling me, {first}. ", "I'm really glad you reached out. "))
        else:
            opener = rng.choice(("", "Hi {first}. ", "Thanks for asking, {first}. ", "Good question. ",
                                 "I'm glad you asked. "))
        closer = rng.choice(("", " Is there anything else I can help with?", " You can message us here any time.",
                             " Your care team can tell you more at your next visit."))
        messages[2]["content"] = opener.format(**fill) + messages[2]["content"] + closer
    first_user = messages[1]["content"]
    key = facts.get("topic", facts.get("opening"))
    return {
        "family": f"{task}-{key}",
        "task": facts.get("topic", task) if task == "education" else task,
        "instruction": first_user,
        "input": "",
        "output": messages[2]["content"],
        "messages": messages,
        "style": "dialogue",
        "wording": "plain",
        "severity": None,
        "evidence_level": "guideline" if task == "education" else "expert consensus",
        "icd10": icd10,
        "condition": condition,
        "patient_facing": True,
    }
