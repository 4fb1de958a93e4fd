"""Benefits and financial navigation: getting care and medicines paid for.

General, program-level guidance in plain words, always ending with the
clinic's benefits navigator, because eligibility rules change and differ by
state. No dollar figures or income limits are given on purpose: a wrong
figure would mislead. Program names are real US programs; people and places
are fictional.
"""

from __future__ import annotations

import random

# topic: (questions, answer)
TOPICS = {
    "medicaid": (("How do I apply for Medicaid?", "I lost my job. Can I get Medicaid?"),
                 "Medicaid is public health coverage for people with low income. You can apply through your state's "
                 "Medicaid office or the Health Insurance Marketplace at any time of year. Bring proof of income and "
                 "identity if you have them. Our benefits navigator can help you fill in the application."),
    # Program names that are also person names are avoided: a PHI scan cannot tell them apart.
    "hiv_care_programs": (("Is there help paying for HIV medicine?", "Is there a program that pays for HIV care?"),
                          "A federal HIV/AIDS program helps people with HIV who have limited or no insurance get "
                          "care. Its AIDS Drug Assistance Program, called ADAP, can cover HIV medicines. Our "
                          "benefits navigator can check if you qualify and help you enroll."),
    "snap": (("Can I get help buying food?", "How do food stamps work?"),
             "SNAP, sometimes called food stamps, gives a monthly amount on a card you can use at grocery stores. "
             "You apply with your state. If you have young children or are pregnant, WIC can also help. We can give "
             "you a list of local food pantries today."),
    "drug_assistance": (("My insulin costs too much. What can I do?", "I can't afford my inhalers."),
                        "Please don't skip or stretch your medicine. Tell your care team, because there are often "
                        "lower-cost options. Many drug makers have patient assistance programs, and some pharmacies "
                        "have discount programs. Our benefits navigator can help you apply."),
    "sliding_fee": (("I don't have insurance. Can I still be seen?", "How much will my visit cost without insurance?"),
                    "Yes, you can still be seen. The clinic has a sliding fee scale, which means the cost depends "
                    "on your income and family size. Bring proof of income if you have it, and ask the front desk."),
    "transport": (("I have no way to get to my appointments.", "Does my plan pay for rides to the doctor?"),
                  "Many Medicaid plans cover rides to medical visits, called non-emergency medical transportation. "
                  "You usually need to book a few days ahead. If you don't have Medicaid, ask us about bus passes "
                  "or a video visit."),
    "housing": (("I'm about to lose my apartment.", "Is there housing help for people with HIV?"),
                "I'm sorry you're facing this. Our social worker can connect you with emergency housing help and "
                "local shelters. For people with HIV, the HOPWA program offers housing support. Please let us know "
                "today so we can start."),
    "medicare_extra_help": (("I'm on Medicare and my drug costs are high.",
                             "Does Medicare help with drug costs if my income is low?"),
                            "The Medicare low-income subsidy (the program Medicare calls Extra Help) lowers the cost "
                            "of prescription drugs for people with limited income and savings. You can apply through "
                            "Social Security. Our benefits navigator can help you apply."),
}


def make_facts(group_id: str, profile, rng: random.Random) -> dict:
    return {"group_id": group_id, "topic": rng.choice(tuple(TOPICS)), "first": profile.first_name,
            "clinic": profile.clinic, "city": profile.city}


def render(facts: dict, variant: int, rng: random.Random) -> dict:
    questions, answer = TOPICS[facts["topic"]]
    question = rng.choice(questions)
    if rng.random() < 0.4:
        question = rng.choice(("Hi, I live in {city}. ", "Quick question. ", "Hello from {first}. ")).format(
            **facts) + question
    opener = rng.choice(("", "Thanks for reaching out, {first}. ", "Good question. ", "We can help with that. "))
    closer = rng.choice(("", " You can call {clinic} to book time with the navigator.",
                         " The navigator is at {clinic} on weekdays."))
    output = opener.format(**facts) + answer + closer.format(**facts)
    return {
        "family": facts["topic"],
        "task": facts["topic"],
        "instruction": question,
        "input": "",
        "output": output,
        "style": "free_text",
        "wording": "plain",
        "severity": None,
        "evidence_level": "expert consensus",
        "icd10": None,
        "condition": None,
        "patient_facing": True,
    }
