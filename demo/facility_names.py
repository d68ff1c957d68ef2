"""The demonstration facilities' names in Arabic and English, by code (data, read by `demo`).

Every facility the demo publishes has both; the unpublished ones (DEMO-0008, DEMO-0023,
DEMO-0040) have none, as staff would name a place only once it is ready to be shown.
"""

# code: (Arabic name, English name)
DEMO_NAMES = {
    "DEMO-0001": ("مركز الاستقبال باب الشرق", "Bab Charq Reception Centre"),
    "DEMO-0002": ("دار الحنان لإيواء النساء", "Dar Al Hanane Women's Shelter"),
    "DEMO-0003": ("فضاء الإنصات والتوجيه بالناظور", "Nador Listening and Guidance Space"),
    "DEMO-0004": ("المركز الاجتماعي متعدد الاختصاصات ببركان", "Berkane Multipurpose Social Centre"),
    "DEMO-0005": ("وحدة حماية الطفولة بالناظور", "Nador Child Protection Unit"),
    "DEMO-0006": ("مركز العبور بتاوريرت", "Taourirt Transit Centre"),
    "DEMO-0007": ("المركز الصحي المجتمعي لازاري", "Lazaret Community Health Centre"),
    "DEMO-0009": ("مركز الاستقبال النهاري آفاق أنفا", "Horizons Anfa Day Centre"),
    "DEMO-0010": ("دار النساء بدرب غلف", "Derb Ghallef Women's House"),
    "DEMO-0011": (
        "المركز الاجتماعي متعدد الاختصاصات بالحي المحمدي",
        "Hay Mohammadi Multipurpose Social Centre",
    ),
    "DEMO-0012": ("مأوى الشباب بالمحمدية", "Mohammedia Youth Shelter"),
    "DEMO-0013": ("فضاء إعادة الإدماج بسطات", "Settat Reintegration Space"),
    "DEMO-0014": (
        "المركز الصحي ساحل الأطلس – الدار البيضاء",
        "Sahel Atlas Health Centre – Casablanca",
    ),
    "DEMO-0015": ("مأوى الإيواء الاستعجالي بالجديدة", "El Jadida Emergency Shelter"),
    "DEMO-0016": ("مركز تادلة للعودة والإدماج", "Tadla Return and Integration Centre"),
    "DEMO-0017": (
        "المركز الاجتماعي متعدد الاختصاصات بخريبكة",
        "Khouribga Multipurpose Social Centre",
    ),
    "DEMO-0018": (
        "فضاء الشباب والتشغيل بالفقيه بن صالح",
        "Fquih Ben Salah Youth and Employment Space",
    ),
    "DEMO-0019": ("مأوى الاستقبال بخنيفرة", "Khenifra Reception Shelter"),
    "DEMO-0020": ("وحدة حماية الطفولة بأزيلال", "Azilal Child Protection Unit"),
    "DEMO-0021": ("مركز الاستقبال تافوكت", "Tafoukt Reception Centre"),
    "DEMO-0022": ("فضاء النساء تافوكت بإنزكان", "Tafoukt Women's Space, Inezgane"),
    "DEMO-0024": ("المركز الاجتماعي متعدد الاختصاصات بتيزنيت", "Tiznit Multipurpose Social Centre"),
    "DEMO-0025": ("نقطة التوجيه بتارودانت", "Taroudant Guidance Point"),
    "DEMO-0026": ("مركز البوغاز للقاصرين", "Boughaz Centre for Minors"),
    "DEMO-0027": ("مركز المضيق للاستقبال النهاري", "Strait Day Centre"),
    "DEMO-0028": ("فضاء الإنصات للنساء بتطوان", "Tetouan Listening Space for Women"),
    "DEMO-0029": ("مأوى الاستقبال بالفنيدق", "Fnideq Reception Shelter"),
    "DEMO-0030": (
        "المركز الاجتماعي متعدد الاختصاصات بالحسيمة",
        "Al Hoceima Multipurpose Social Centre",
    ),
    "DEMO-0031": ("مركز التوجيه آفاق", "Horizons Guidance Centre"),
    "DEMO-0032": ("مركز العبور للعودة الطوعية", "Transit Centre for Voluntary Return"),
    "DEMO-0033": ("مأوى الاستقبال بسلا", "Salé Reception Shelter"),
    "DEMO-0034": ("المركز الصحي ساحل الأطلس – القنيطرة", "Sahel Atlas Health Centre – Kenitra"),
    "DEMO-0035": ("المركز الاجتماعي متعدد الاختصاصات بفاس", "Fez Multipurpose Social Centre"),
    "DEMO-0036": ("فضاء الإنصات باب الشرق بمكناس", "Bab Charq Listening Space, Meknes"),
    "DEMO-0037": ("المركز الصحي ساحل الأطلس – مراكش", "Sahel Atlas Health Centre – Marrakesh"),
    "DEMO-0038": (
        "المركز الاجتماعي متعدد الاختصاصات بالرشيدية",
        "Errachidia Multipurpose Social Centre",
    ),
    "DEMO-0039": ("نقطة الاستقبال تافوكت بكلميم", "Tafoukt Reception Point, Guelmim"),
    "DEMO-0041": (
        "المركز الاجتماعي متعدد الاختصاصات بالداخلة",
        "Dakhla Multipurpose Social Centre",
    ),
}
