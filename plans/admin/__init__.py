"""Back office for plans, projects and support: data entry by IOM, reference lists by admins.

Who may do what is decided by the role, not by Django's permission tables:

- the reference lists (SNIA programmes, SDGs and their targets, thematic areas, donors) are read
  by everyone who reaches the back office and changed by Manara administrators only;
- plans, pilot projects, indicators, IOM projects, funded needs and support records are written
  by the IOM roles (administrators and IOM staff); anyone else with access reads them, within the
  scope the staff pages give them (`visible_to`), and changes nothing.

A plan's status moves only through `ActionPlan.set_status` (the "Adopt" and "Put under review"
actions). The models' own checks refuse an action dated outside its plan's period, a negative
amount, or an indicator value in the wrong unit or for a period outside the plan's, and the page
says why; nothing is stored.
"""

from . import action_plans, projects, reference, support  # noqa: F401 (they register the admins)
