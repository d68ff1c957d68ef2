"""Regional action plans, IOM projects and IOM's technical support to partners.

`reference` holds the national strategy's programmes (SNIA) and the SDG targets; `action_plans`
the regional plans, their axes, actions and pilot project proposals; `indicators` what plans and
projects measure; `projects` IOM's projects, their results framework and what they fund;
`comments` the threads between a council and IOM on a plan's actions; `support` the visits,
trainings and workshops IOM gives partners.
"""

from .action_plans import (
    ActionPlan,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    StrategicAxis,
)
from .comments import ActionComment
from .indicators import Indicator, IndicatorValue
from .projects import Donor, NeedFunding, Project, ProjectPartner, ProjectResult, ThematicArea
from .reference import SdgGoal, SdgTarget, SniaProgramme
from .support import SupportActivity, SupportFollowUp, SupportParticipants

__all__ = [
    "ActionComment",
    "ActionPlan",
    "Donor",
    "Indicator",
    "IndicatorValue",
    "NeedFunding",
    "PilotActivity",
    "PilotBudgetLine",
    "PilotProject",
    "PilotRisk",
    "PlanAction",
    "Project",
    "ProjectPartner",
    "ProjectResult",
    "SdgGoal",
    "SdgTarget",
    "SniaProgramme",
    "StrategicAxis",
    "SupportActivity",
    "SupportFollowUp",
    "SupportParticipants",
    "ThematicArea",
]
