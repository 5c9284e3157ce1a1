"""The "About <the force>" information topic of the demo profiles (the
WhatsApp menu's "Police information" → first row shows its title)."""

from django.db import transaction

from shikayat.bot.menu import ABOUT_TOPIC
from shikayat.information.models import InfoTopic

# The force's name in English, Urdu and Hindi, per demo profile.
FORCE_NAMES = {
    "punjab": ("Punjab Police", "پنجاب پولیس", "पंजाब पुलिस"),
    "rampur": ("Uttar Pradesh Police", "اتر پردیش پولیس", "उत्तर प्रदेश पुलिस"),
}
BODIES = {
    "punjab": (
        "Punjab Police serves more than 12 crore people of the province through 36 districts, over 700 police "
        "stations, 129 Khidmat Markaz service centres, 171 service counters and 37 service vans.\n"
        "• Emergency: 15 (24 hours)\n• IG complaint cell: 8787\n• WhatsApp services: 0331-7871787\n"
        "• Central Police Office, Lahore\n"
        "Our duty: protect life and property, register every complaint, and serve every citizen with respect.",
        "پنجاب پولیس صوبے کے 12 کروڑ سے زیادہ لوگوں کی خدمت 36 اضلاع، 700 سے زیادہ تھانوں، 129 خدمت مراکز، 171 سروس "
        "کاؤنٹرز اور 37 سروس وینز کے ذریعے کرتی ہے۔\n"
        "• ایمرجنسی: 15 (24 گھنٹے)\n• آئی جی شکایت سیل: 8787\n• واٹس ایپ سروسز: 0331-7871787\n"
        "• سینٹرل پولیس آفس، لاہور\n"
        "ہمارا فرض: جان و مال کی حفاظت، ہر شکایت کا اندراج، اور ہر شہری کی عزت سے خدمت۔",
        "पंजाब पुलिस प्रांत के 12 करोड़ से अधिक लोगों की सेवा 36 ज़िलों, 700 से अधिक थानों, 129 ख़िदमत मरकज़ सेवा "
        "केंद्रों, 171 सेवा काउंटरों और 37 सेवा वैनों के ज़रिए करती है।\n"
        "• आपातकाल: 15 (24 घंटे)\n• आईजी शिकायत सेल: 8787\n• व्हाट्सऐप सेवाएँ: 0331-7871787\n"
        "• सेंट्रल पुलिस ऑफ़िस, लाहौर\n"
        "हमारा कर्तव्य: जान-माल की रक्षा, हर शिकायत का पंजीकरण, और हर नागरिक की सम्मान से सेवा।",
    ),
    "rampur": (
        "Uttar Pradesh Police serves the people of the state through 75 districts and more than 1,500 police "
        "stations. In Rampur district the Superintendent of Police leads the force from the SP office.\n"
        "• Emergency: 112 (24 hours)\n• Women power line: 1090\n• UPCOP app: FIR copies, verifications, lost "
        "articles\n"
        "Our duty: protect life and property, register every complaint, and serve every citizen with respect.",
        "اتر پردیش پولیس ریاست کے لوگوں کی خدمت 75 اضلاع اور 1,500 سے زیادہ تھانوں کے ذریعے کرتی ہے۔ رام پور ضلع میں "
        "سپرنٹنڈنٹ آف پولیس ایس پی دفتر سے فورس کی قیادت کرتے ہیں۔\n"
        "• ایمرجنسی: 112 (24 گھنٹے)\n• ویمن پاور لائن: 1090\n• یو پی کاپ ایپ: ایف آئی آر کی کاپی، تصدیق، گمشدہ اشیاء\n"
        "ہمارا فرض: جان و مال کی حفاظت، ہر شکایت کا اندراج، اور ہر شہری کی عزت سے خدمت۔",
        "उत्तर प्रदेश पुलिस राज्य के लोगों की सेवा 75 ज़िलों और 1,500 से अधिक थानों के ज़रिए करती है। रामपुर ज़िले में "
        "पुलिस अधीक्षक एसपी कार्यालय से बल का नेतृत्व करते हैं।\n"
        "• आपातकाल: 112 (24 घंटे)\n• वीमेन पावर लाइन: 1090\n• यूपीकॉप ऐप: एफ़आईआर की प्रति, सत्यापन, खोई वस्तुएँ\n"
        "हमारा कर्तव्य: जान-माल की रक्षा, हर शिकायत का पंजीकरण, और हर नागरिक की सम्मान से सेवा।",
    ),
}


def titles(profile: str) -> tuple[str, str, str]:
    """ "About Punjab Police" in the three languages, from the profile's force name."""
    en, ur, hi = FORCE_NAMES[profile]
    return f"About {en}", f"{ur} کے بارے میں", f"{hi} के बारे में"


@transaction.atomic
def load_about(profile: str) -> InfoTopic:
    title_en, title_ur, title_hi = titles(profile)
    body_en, body_ur, body_hi = BODIES[profile]
    topic, _created = InfoTopic.objects.update_or_create(code=ABOUT_TOPIC, defaults={
        "title_en": title_en, "title_ur": title_ur, "title_hi": title_hi, "body_en": body_en, "body_ur": body_ur,
        "body_hi": body_hi, "sort_order": 0})
    return topic
