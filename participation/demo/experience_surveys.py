"""Turkish and Arabic texts of the demo surveys, matched by their German text.

The demo surveys are built in German and English (``demo/surveys_data.py``); this step adds the
two further resident languages to every text it knows, so a resident who reads Turkish or Arabic
answers the Körnerpark survey in their language (unknown texts keep their German fallback).
"""

from sqlalchemy import select

from participation.demo.process import DEMO_SLUG
from participation.extensions import db
from participation.processes.models import Process

#: German text → (Turkish, Arabic).
TEXTS = {
    "Befragung zum Spielplatz Körnerpark": (
        "Körnerpark oyun alanı anketi",
        "استبيان حول ملعب الأطفال في كورنربارك",
    ),
    "Aktivierende Befragung Glasower Straße": (
        "Glasower Straße kapı kapı anketi",
        "استبيان ميداني في شارع غلاسوفر",
    ),
    "Wir besuchen ausgewählte Haushalte und fragen nach dem Leben im Kiez.": (
        "Seçilen haneleri ziyaret ediyor ve mahalledeki yaşamı soruyoruz.",
        "نزور أسرًا مختارة ونسأل عن الحياة في الحي.",
    ),
    "Sie und der Spielplatz": ("Siz ve oyun alanı", "أنتم وملعب الأطفال"),
    "Ihre Wünsche": ("İstekleriniz", "رغباتكم"),
    "In welchem Kiez wohnen Sie?": ("Hangi mahallede oturuyorsunuz?", "في أي حيّ تسكنون؟"),
    "Wählen Sie den Planungsraum aus der Liste. Wohnen Sie nicht in Neukölln, lassen Sie die "
    "Frage leer.": (
        "Planlama alanını listeden seçin. Neukölln'de oturmuyorsanız soruyu boş bırakın.",
        "اختاروا منطقة التخطيط من القائمة. إن كنتم لا تسكنون في نويكولن فاتركوا السؤال فارغًا.",
    ),
    "Wie oft sind Sie auf dem Spielplatz am Körnerpark?": (
        "Körnerpark'taki oyun alanına ne sıklıkla gidiyorsunuz?",
        "كم مرة تذهبون إلى ملعب الأطفال في كورنربارك؟",
    ),
    "fast täglich": ("neredeyse her gün", "كل يوم تقريبًا"),
    "ein- bis zweimal pro Woche": ("haftada bir iki kez", "مرة أو مرتين في الأسبوع"),
    "ein paarmal im Monat": ("ayda birkaç kez", "بضع مرات في الشهر"),
    "seltener": ("daha seyrek", "أقل من ذلك"),
    "nie": ("hiç", "أبدًا"),
    "Kommen Sie mit Kindern auf den Spielplatz?": (
        "Oyun alanına çocuklarla mı geliyorsunuz?",
        "هل تأتون إلى الملعب مع أطفال؟",
    ),
    "Ja": ("Evet", "نعم"),
    "Nein": ("Hayır", "لا"),
    "Vielleicht": ("Belki", "ربما"),
    "Wie alt sind die Kinder, mit denen Sie kommen?": (
        "Birlikte geldiğiniz çocuklar kaç yaşında?",
        "كم أعمار الأطفال الذين تأتون معهم؟",
    ),
    "unter 3 Jahre": ("3 yaş altı", "أقل من 3 سنوات"),
    "3 bis 5 Jahre": ("3 ile 5 yaş arası", "من 3 إلى 5 سنوات"),
    "6 bis 9 Jahre": ("6 ile 9 yaş arası", "من 6 إلى 9 سنوات"),
    "10 bis 13 Jahre": ("10 ile 13 yaş arası", "من 10 إلى 13 سنة"),
    "14 Jahre und älter": ("14 yaş ve üzeri", "14 سنة فأكثر"),
    "Wie zufrieden sind Sie mit dem Spielplatz heute?": (
        "Oyun alanından bugün ne kadar memnunsunuz?",
        "ما مدى رضاكم عن الملعب اليوم؟",
    ),
    "gar nicht zufrieden": ("hiç memnun değilim", "غير راضٍ إطلاقًا"),
    "sehr zufrieden": ("çok memnunum", "راضٍ جدًا"),
    "Was fehlt Ihnen am meisten? (höchstens drei)": (
        "En çok neyin eksikliğini hissediyorsunuz? (en fazla üç)",
        "ما الذي ينقصكم أكثر؟ (ثلاثة على الأكثر)",
    ),
    "Schatten": ("gölge", "الظل"),
    "Bänke zum Ausruhen": ("dinlenmek için banklar", "مقاعد للاستراحة"),
    "Trinkwasserbrunnen": ("içme suyu çeşmesi", "نافورة مياه للشرب"),
    "Toilette": ("tuvalet", "مرحاض"),
    "Geräte für Kleinkinder": ("küçük çocuklar için oyun aletleri", "ألعاب للأطفال الصغار"),
    "Ecke für Jugendliche": ("gençler için bir köşe", "ركن للشباب"),
    "bessere Beleuchtung": ("daha iyi aydınlatma", "إضاءة أفضل"),
    "Was ist Ihnen beim Umbau am wichtigsten? Bitte ordnen Sie.": (
        "Yenilemede sizin için en önemli olan ne? Lütfen sıralayın.",
        "ما الأهم بالنسبة لكم في التجديد؟ يُرجى الترتيب.",
    ),
    "Sicherheit": ("güvenlik", "الأمان"),
    "Sauberkeit": ("temizlik", "النظافة"),
    "Natur und Bäume": ("doğa ve ağaçlar", "الطبيعة والأشجار"),
    "Barrierefreiheit": ("engelsiz erişim", "سهولة الوصول بلا عوائق"),
    "Platz zum Toben": ("koşup oynamak için yer", "مساحة للعب والجري"),
    "Wo auf dem Platz oder in der Nähe halten Sie sich am liebsten auf?": (
        "Oyun alanında ya da yakınında en çok nerede vakit geçirmeyi seversiniz?",
        "أين تحبون قضاء الوقت في الملعب أو بالقرب منه؟",
    ),
    "Tippen Sie auf die Karte. Ohne Karte wählen Sie das Gebiet aus der Liste.": (
        "Haritaya dokunun. Harita yoksa alanı listeden seçin.",
        "انقروا على الخريطة. ومن دون خريطة اختاروا المنطقة من القائمة.",
    ),
    "Wie sicher fühlen Sie sich abends im Körnerpark?": (
        "Akşamları Körnerpark'ta kendinizi ne kadar güvende hissediyorsunuz?",
        "ما مدى شعوركم بالأمان في كورنربارك مساءً؟",
    ),
    "gar nicht sicher": ("hiç güvende değilim", "غير آمن إطلاقًا"),
    "sehr sicher": ("çok güvendeyim", "آمن جدًا"),
    "Was möchten Sie uns noch sagen?": (
        "Bize başka ne söylemek istersiniz?",
        "ماذا تودّون أن تقولوا لنا أيضًا؟",
    ),
    "Würden Sie zu einem Treffen im Kiez kommen?": (
        "Mahallede bir toplantıya gelir misiniz?",
        "هل ستحضرون اجتماعًا في الحي؟",
    ),
}
#: The long introduction of the Körnerpark survey, by its first words.
INTRO_START = "Der Spielplatz am Körnerpark wird 2027 erneuert. Mit dieser Befragung"
INTRO = (
    "Körnerpark'taki oyun alanı 2027'de yenileniyor. Bu ankette oyun alanını bugün nasıl "
    "kullandığınızı ve yenilemede sizin için neyin önemli olduğunu öğrenmek istiyoruz.\n\n"
    "Anket yaklaşık 5 dakika sürer ve anonimdir: Adınızı veya IP adresinizi kaydetmiyoruz. "
    "Sonuçları yalnızca en az 5 kişilik gruplar için gösteriyoruz.\n\n"
    "“Oyun alanı” ile Jonasstraße'deki kum havuzu, salıncaklar ve tırmanma aleti olan çitle "
    "çevrili alanı kastediyoruz – parktaki çimenliği değil.",
    "سيتم تجديد ملعب الأطفال في كورنربارك عام 2027. نريد من خلال هذا الاستبيان أن نعرف كيف "
    "تستخدمون الملعب اليوم وما المهم بالنسبة لكم في التجديد.\n\n"
    "يستغرق الاستبيان نحو 5 دقائق وهو بلا أسماء: لا نحفظ اسمكم ولا عنوان IP الخاص بكم. نعرض "
    "النتائج فقط للمجموعات التي تضم 5 أشخاص على الأقل.\n\n"
    "نقصد بـ«الملعب» المساحة المسيّجة في شارع يوناس التي فيها صندوق الرمل والأراجيح وجهاز "
    "التسلق – لا المرج في الحديقة.",
)


def _translated(texts: dict | None) -> dict | None:
    """*texts* with Turkish and Arabic added when its German text is known."""
    german = (texts or {}).get("de")
    if not german:
        return texts
    if german in TEXTS:
        tr, ar = TEXTS[german]
    elif german.startswith(INTRO_START):
        tr, ar = INTRO
    else:
        return texts
    return {**texts, "tr": texts.get("tr") or tr, "ar": texts.get("ar") or ar}


def seed_survey_translations() -> str:
    """Add Turkish and Arabic to the texts of the demo process's surveys."""
    from participation.surveys.models import Survey

    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return ""
    count = 0
    for survey in db.session.scalars(select(Survey).where(Survey.process_id == process.id)):
        survey.title, survey.intro = _translated(survey.title), _translated(survey.intro)
        for section in survey.sections:
            section.title = _translated(section.title)
        for question in survey.questions:
            question.text, question.help = _translated(question.text), _translated(question.help)
            settings = dict(question.settings or {})
            for key in ("label_min", "label_max"):
                if isinstance(settings.get(key), dict):
                    settings[key] = _translated(settings[key])
            question.settings = settings
            for option in question.options:
                option.label = _translated(option.label)
        count += 1
    db.session.commit()
    return f"demo surveys translated into tr, ar: {count}"
