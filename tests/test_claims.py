"""claim_strength on invented product-analytics and science-style sentences, one class at a time."""
from __future__ import annotations

import pytest

from answerlint.claims import LABELS, claim_strength, claim_strengths

CORRELATIONAL = [
    "users who watch more documentaries have higher retention",
    "Session length is associated with 30-day retention.",
    "Weekly active minutes were correlated with renewal rates.",
    "Higher notification volume was linked to lower app ratings.",
    "Early playlist creation predicts long-term engagement.",
    "Customers with more saved items are more likely to convert.",
    "Churn was higher among subscribers who skipped onboarding.",
    "There was a strong correlation between page speed and conversion.",
    "Time spent in the editor is a strong predictor of upgrade.",
    "Sleep duration was inversely associated with the risk of obesity in adolescents.",
    "Smokers had a higher risk of postoperative infection than non-smokers.",
    "These findings suggest that coffee intake is associated with lower mortality.",
    "Accounts created on mobile show a lower conversion rate compared with desktop accounts.",
    "Elevated serum ferritin was an independent risk factor for gestational diabetes.",
    "Engagement increased with the number of followed creators.",
]

CONDITIONAL = [
    "documentaries may increase retention",
    "The new checkout flow might reduce cart abandonment.",
    "Personalized emails could lead to more repeat purchases.",
    "Dark mode appears to improve session length on older devices.",
    "Referral credits possibly contribute to faster growth in new markets.",
    "These results suggest that daily reminders reduce churn.",
    "Vitamin D supplementation may protect against respiratory infections in older adults.",
    "Exercise training seems to attenuate age-related decline in memory.",
    "Streaks are likely to boost habit formation among new learners.",
    "Lowering the free-shipping threshold can increase average order value.",
]

DIRECT = [
    "documentaries increase retention",
    "The redesigned paywall reduced trial cancellations.",
    "Faster search leads to more completed bookings.",
    "Price localization is effective in reducing churn in emerging markets.",
    "Autoplay improves watch time for new users.",
    "The loyalty programme resulted in a 12% rise in repeat orders.",
    "Statin therapy lowered LDL cholesterol and prevented cardiovascular events.",
    "Mindfulness training was effective for reducing anxiety in medical students.",
    "The intervention significantly improved glycaemic control.",
    "Free trials drive most of our paid conversions.",
    "Aspirin had a beneficial effect on recurrence after surgery.",
]

NONE = [
    "We launched the redesigned paywall in March.",
    "The dashboard shows daily active users by country.",
    "Further studies are needed to determine whether streaks reduce churn.",
    "Retention did not differ between the two onboarding variants.",
    "Notification volume was not associated with uninstall rates.",
    "The new ranking model had no effect on click-through rate.",
    "The app was well received and the survey response rate was 40%.",
    "Treatment was safe and well tolerated in all age groups.",
    "Monthly revenue increased from $2M to $3M over the year.",
    "The aim of this study was to assess the impact of price changes on churn.",
    "There was no significant association between session length and renewal.",
    "Autoplay did not improve watch time.",
    "We need strategies to reduce churn among new users.",
    "More than 60% of respondents used the feature weekly.",
]

CASES = ([(s, "correlational") for s in CORRELATIONAL] + [(s, "conditional_causal") for s in CONDITIONAL]
         + [(s, "direct_causal") for s in DIRECT] + [(s, "none") for s in NONE])


@pytest.mark.parametrize("sentence,expected", CASES, ids=[f"{e}:{s[:40]}" for s, e in CASES])
def test_claim_strength(sentence, expected):
    assert claim_strength(sentence) == expected


def test_documentaries_trio():
    assert claim_strength("users who watch more documentaries have higher retention") == "correlational"
    assert claim_strength("documentaries increase retention") == "direct_causal"
    assert claim_strength("documentaries may increase retention") == "conditional_causal"


def test_negated_causal_is_none_but_a_remaining_claim_survives():
    assert claim_strength("Autoplay did not reduce churn.") == "none"
    assert claim_strength("Autoplay did not reduce churn but increased watch time.") == "direct_causal"


def test_batch_agrees_with_single():
    sentences = [s for s, _ in CASES] + ["", "   ", "Retention.", "May 2024 was a good month for sales."]
    batch = claim_strengths(sentences)
    assert batch == [claim_strength(s) for s in sentences]
    assert set(batch) <= set(LABELS)
    assert claim_strengths(iter(sentences[:3])) == batch[:3]
    assert claim_strengths([]) == []


def test_conventions_differ_only_where_documented():
    assert claim_strength("Notification volume was not associated with uninstalls.", convention="yu2019") == "correlational"
    assert claim_strength("Autoplay did not improve watch time.", convention="yu2019") == "direct_causal"
    assert claim_strength("Streaks can increase retention.") == "conditional_causal"
    assert claim_strength("Streaks can increase retention.", convention="yu2019") == "direct_causal"
    assert claim_strength("Our data suggest that streaks increase retention.", convention="yu2019") == "direct_causal"
    assert claim_strength("Streaks may increase retention.", convention="yu2019") == "conditional_causal"
    with pytest.raises(ValueError):
        claim_strength("x", convention="nope")
