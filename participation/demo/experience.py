"""Demo translations of the Körnerpark process into English, Turkish and Arabic.

17 % of the demo survey's respondents speak Turkish or Arabic at home, so the demo process is
readable in all four offered languages (German is in the columns, see ``processes/texts.py``).
"""

from flask import current_app
from sqlalchemy import select

from participation.accounts.models import User
from participation.demo.process import DEMO_SLUG
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.texts import translate_process

TEXTS = {
    "en": {
        "title": "Körnerpark playground: what should it look like?",
        "summary": (
            "The playground at Körnerpark will be renewed in 2027. Tell us what you like there, "
            "what is missing and which corners you avoid – with a pin on the map."
        ),
        "description": (
            "The playground on Jonasstraße is more than 25 years old. Many play structures are "
            "closed off, there is hardly any shade and there are no benches for parents and "
            "grandparents.\n\n"
            "Neukölln district office wants to plan the playground anew together with the people "
            "of the neighbourhood. Children, young people, parents and neighbours are invited.\n\n"
            "You can take part online, hand in your ideas on paper at the neighbourhood office in "
            "Emser Straße or come to the neighbourhood conference."
        ),
        "scope_influence": (
            "Which play equipment there will be, where benches and shady places go, whether "
            "there is a corner for young people and where the path across the playground runs."
        ),
        "scope_decided": (
            "The playground stays where it is and keeps its size (about 2,400 m²). The old trees "
            "stay. Construction starts in autumn 2027."
        ),
        "decision_by": (
            "Neukölln's roads and green spaces office evaluates all contributions and presents "
            "two designs. The environment committee of the district assembly decides in April "
            "2027. We will report here what has become of your ideas."
        ),
        "resources": (
            "€380,000 from the “Social Cohesion” programme are available for the renewal. "
            "€20,000 of it is reserved for wishes from the participation that are not in the "
            "basic design."
        ),
        "phases": [
            (
                "Collecting ideas",
                "Pins on the map, survey and idea cards at the neighbourhood office.",
            ),
            (
                "Körnerpark neighbourhood conference",
                "We present the results and discuss them with you.",
            ),
            (
                "Two designs and the decision",
                "The office presents two designs, the district assembly decides.",
            ),
            ("Construction", "Building works; the playground is closed during this time."),
        ],
    },
    "tr": {
        "title": "Körnerpark oyun alanı: Nasıl olmalı?",
        "summary": (
            "Körnerpark'taki oyun alanı 2027'de yenileniyor. Orada neyi sevdiğinizi, neyin eksik "
            "olduğunu ve hangi köşelerden kaçındığınızı haritaya bir iğne koyarak bize söyleyin."
        ),
        "description": (
            "Jonasstraße'deki oyun alanı 25 yaşından büyük. Birçok oyun aleti kapalı, neredeyse "
            "hiç gölge yok ve anne babalar ile büyükanne ve büyükbabalar için bank yok.\n\n"
            "Neukölln Belediyesi oyun alanını mahalle sakinleriyle birlikte yeniden planlamak "
            "istiyor. Çocuklar, gençler, anne babalar ve komşular davetlidir.\n\n"
            "İnternet üzerinden katılabilir, fikirlerinizi Emser Straße'deki mahalle ofisine "
            "kâğıt üzerinde bırakabilir ya da mahalle konferansına gelebilirsiniz."
        ),
        "scope_influence": (
            "Hangi oyun aletlerinin olacağı, bankların ve gölgeli yerlerin nereye konacağı, "
            "gençler için bir köşe olup olmayacağı ve oyun alanından geçen yolun nereden geçeceği."
        ),
        "scope_decided": (
            "Oyun alanı yerinde ve aynı büyüklükte (yaklaşık 2.400 m²) kalıyor. Yaşlı ağaçlar "
            "kesilmiyor. Yenileme çalışmaları 2027 sonbaharında başlıyor."
        ),
        "decision_by": (
            "Neukölln Yollar ve Yeşil Alanlar Dairesi tüm katkıları değerlendirir ve iki taslak "
            "sunar. Neukölln İlçe Meclisi'nin Çevre ve Doğa Komisyonu Nisan 2027'de karar verir. "
            "Fikirlerinize ne olduğunu burada bildireceğiz."
        ),
        "resources": (
            "Yenileme için “Sosyal Dayanışma” programından 380.000 € ayrıldı. Bunun 20.000 €'su, "
            "katılımdan gelen ve temel taslakta yer almayan istekler için ayrılmıştır."
        ),
        "phases": [
            ("Fikir toplama", "Haritada iğneler, anket ve mahalle ofisinde fikir kartları."),
            ("Körnerpark mahalle konferansı", "Sonuçları sunuyor ve sizinle konuşuyoruz."),
            ("İki taslak ve karar", "Daire iki taslak sunar, ilçe meclisi karar verir."),
            ("Yenileme çalışmaları", "İnşaat çalışmaları; oyun alanı bu sürede kapalıdır."),
        ],
    },
    "ar": {
        "title": "ملعب الأطفال في كورنربارك: كيف تريدونه أن يكون؟",
        "summary": (
            "سيتم تجديد ملعب الأطفال في كورنربارك عام 2027. أخبرونا بما يعجبكم هناك وما ينقص "
            "والأماكن التي تتجنبونها، بوضع دبوس على الخريطة."
        ),
        "description": (
            "عمر ملعب الأطفال في شارع يوناس (Jonasstraße) أكثر من 25 عامًا. كثير من الألعاب "
            "مغلقة، ولا يكاد يوجد ظل، ولا توجد مقاعد للآباء والأمهات والأجداد.\n\n"
            "تريد إدارة حي نويكولن أن تخطط الملعب من جديد مع سكان الحي. الأطفال والشباب "
            "والآباء والأمهات والجيران مدعوون.\n\n"
            "يمكنكم المشاركة عبر الإنترنت، أو تسليم أفكاركم على الورق في مكتب الحي في شارع "
            "إمسر (Emser Straße)، أو حضور مؤتمر الحي."
        ),
        "scope_influence": (
            "ما هي الألعاب التي ستوجد، وأين توضع المقاعد والأماكن الظليلة، وهل سيكون هناك ركن "
            "للشباب، ومن أين يمر الطريق عبر الملعب."
        ),
        "scope_decided": (
            "يبقى الملعب في مكانه وبحجمه الحالي (حوالي 2400 متر مربع). تبقى الأشجار القديمة. "
            "تبدأ أعمال التجديد في خريف 2027."
        ),
        "decision_by": (
            "يقيّم مكتب الطرق والمساحات الخضراء في نويكولن جميع المساهمات ويقدّم تصميمين. "
            "وتقرر لجنة البيئة والطبيعة في مجلس حي نويكولن في أبريل 2027. وسنخبركم هنا بما "
            "حدث لأفكاركم."
        ),
        "resources": (
            "تتوفر 380000 يورو من برنامج «التماسك الاجتماعي» للتجديد، منها 20000 يورو محجوزة "
            "لرغبات من المشاركة غير موجودة في التصميم الأساسي."
        ),
        "phases": [
            ("جمع الأفكار", "دبابيس على الخريطة واستبيان وبطاقات أفكار في مكتب الحي."),
            ("مؤتمر حي كورنربارك", "نعرض النتائج ونناقشها معكم."),
            ("تصميمان والقرار", "يقدّم المكتب تصميمين، ويقرر مجلس الحي."),
            ("أعمال التجديد", "أعمال البناء؛ يكون الملعب مغلقًا خلال هذه الفترة."),
        ],
    },
}


def seed_translations() -> str:
    """Translate the demo process (and its phases) into every offered language we have texts for."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return ""
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    done = []
    for lang, texts in TEXTS.items():
        if lang not in current_app.config["LANGUAGES"]:
            continue
        values = {k: v for k, v in texts.items() if k != "phases"}
        phases = [{"title": t, "description": d} for t, d in texts["phases"]]
        translate_process(process, lang, values, phases, manager)
        done.append(lang)
    db.session.commit()
    return f"demo process translated: {', '.join(done)}" if done else ""
