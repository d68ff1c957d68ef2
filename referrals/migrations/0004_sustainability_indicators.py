"""The reintegration sustainability indicators asked at follow-ups, in fr/ar/en.

They paraphrase the 15 indicators of IOM's Reintegration Sustainability Survey (economic,
social, psychosocial; MEASURE project 2017, Reintegration Handbook 2019, Annex 4) as far as
their structure could be established. The exact Annex 4 wording, answer scores and weights were
not available: every weight here is 1 and an admin adjusts indicators, weights and threshold.
"""

from django.db import migrations

F, Y = "five_point", "yes_no"
INDICATORS = [
    ("ECO-01", "economic", F,
     "Êtes-vous satisfait(e) de votre situation économique actuelle ?",
     "هل أنت راض(ية) عن وضعك الاقتصادي الحالي؟",
     "How satisfied are you with your current economic situation?"),
    ("ECO-02", "economic", F,
     "À quelle fréquence avez-vous pu manger à votre faim sans réduire la quantité ou la qualité des repas à cause du coût ?",
     "كم مرة استطعت أن تأكل ما يكفيك دون التقليل من كمية أو جودة الوجبات بسبب الكلفة؟",
     "How often could you eat enough without cutting the quantity or quality of meals because of cost?"),
    ("ECO-03", "economic", Y,
     "Pourriez-vous emprunter de l'argent si vous en aviez besoin ?",
     "هل يمكنك اقتراض المال إذا احتجت إليه؟",
     "Could you borrow money if you needed to?"),
    ("ECO-04", "economic", F,
     "Vos dettes sont-elles supportables par rapport à vos dépenses mensuelles ?",
     "هل ديونك محتملة مقارنة بمصاريفك الشهرية؟",
     "Are your debts manageable compared with your monthly spending?"),
    ("ECO-05", "economic", Y,
     "Avez-vous actuellement un travail ou une source de revenu ?",
     "هل لديك حاليا عمل أو مصدر دخل؟",
     "Do you currently have work or a source of income?"),
    ("ECO-06", "economic", Y,
     "Possédez-vous un bien productif (terre, bétail, équipement, commerce) ?",
     "هل تملك أصلا منتجا (أرض، ماشية، معدات، تجارة)؟",
     "Do you own a productive asset (land, livestock, equipment, a business)?"),
    ("ECO-07", "economic", F,
     "Comment jugez-vous votre accès aux offres d'emploi et de formation ?",
     "كيف تقيّم ولوجك إلى عروض الشغل والتكوين؟",
     "How do you rate your access to job and training opportunities?"),
    ("SOC-01", "social", F,
     "Comment jugez-vous votre accès au logement et l'état de votre logement actuel ?",
     "كيف تقيّم ولوجك إلى السكن وحالة سكنك الحالي؟",
     "How do you rate your access to housing and the standard of your current housing?"),
    ("SOC-02", "social", F,
     "Les enfants en âge scolaire de votre foyer ont-ils accès à l'école ?",
     "هل يستفيد الأطفال في سن التمدرس في أسرتك من المدرسة؟",
     "Do the school-age children in your household have access to school?"),
    ("SOC-03", "social", Y,
     "Avez-vous au moins un document d'identité valide ?",
     "هل لديك وثيقة هوية صالحة واحدة على الأقل؟",
     "Do you hold at least one valid identity document?"),
    ("SOC-04", "social", F,
     "Comment jugez-vous votre accès à l'eau potable et aux soins de santé ?",
     "كيف تقيّم ولوجك إلى الماء الصالح للشرب والعلاج الصحي؟",
     "How do you rate your access to safe drinking water and health care?"),
    ("PSY-01", "psychosocial", F,
     "À quelle fréquence participez-vous à des activités sociales, et avez-vous des personnes sur qui compter ?",
     "كم مرة تشارك في أنشطة اجتماعية، وهل لديك أشخاص يمكنك الاعتماد عليهم؟",
     "How often do you take part in social activities, and do you have people to rely on?"),
    ("PSY-02", "psychosocial", F,
     "Vous sentez-vous membre de votre communauté, sans discrimination depuis votre retour ?",
     "هل تشعر بالانتماء إلى مجتمعك، دون تمييز منذ عودتك؟",
     "Do you feel part of your community, without discrimination since your return?"),
    ("PSY-03", "psychosocial", F,
     "Vous sentez-vous en sécurité au quotidien, sans signes fréquents de détresse (colère, tristesse, peur, stress, isolement) ?",
     "هل تشعر بالأمان في حياتك اليومية، دون علامات متكررة للضيق (غضب، حزن، خوف، توتر، عزلة)؟",
     "Do you feel safe in everyday life, without frequent signs of distress (anger, sadness, fear, stress, isolation)?"),
    ("PSY-04", "psychosocial", F,
     "Vous sentez-vous capable de rester vivre au Maroc plutôt que de devoir repartir ?",
     "هل تشعر بأنك قادر(ة) على البقاء والعيش في المغرب بدل الاضطرار إلى المغادرة من جديد؟",
     "Do you feel able to stay and live in Morocco rather than having to leave again?"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("referrals", "SustainabilityIndicator")
    Indicator.objects.bulk_create(
        Indicator(
            code=code, dimension=dimension, scale=scale, order=order,
            question_fr=fr, question_ar=ar, question_en=en,
        )
        for order, (code, dimension, scale, fr, ar, en) in enumerate(INDICATORS, start=1)
    )


def unload(apps, schema_editor):
    apps.get_model("referrals", "SustainabilityIndicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_sustainability")]

    operations = [migrations.RunPython(load, unload)]
