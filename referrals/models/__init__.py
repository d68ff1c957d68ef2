"""Reintegration actors and the referral mechanism.

`actors` holds who does what where (actor profiles, their services, SWOT, the roadmap's
recommendations and the referral pathways); `cases` holds the people referred, their referrals
between organisations and the follow-up.
"""

from .actors import (
    ActorProfile,
    ActorService,
    Pathway,
    PathwayStep,
    Recommendation,
    SwotEntry,
)
from .cases import (
    Case,
    CaseAccessLog,
    FollowUp,
    ProtectionSettings,
    Referral,
    ServiceDelivery,
)
from .notes import ReferralNote
from .proposals import ActorChangeProposal
from .sustainability import (
    SustainabilityAnswer,
    SustainabilityIndicator,
    SustainabilitySettings,
)

__all__ = [
    "ActorChangeProposal",
    "ActorProfile",
    "ActorService",
    "Case",
    "CaseAccessLog",
    "FollowUp",
    "Pathway",
    "PathwayStep",
    "ProtectionSettings",
    "Recommendation",
    "Referral",
    "ReferralNote",
    "ServiceDelivery",
    "SustainabilityAnswer",
    "SustainabilityIndicator",
    "SustainabilitySettings",
    "SwotEntry",
]
