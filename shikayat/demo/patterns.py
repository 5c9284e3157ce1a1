"""Demo complaints that make a pattern, so that the similar-complaints card, the inbox's "possibly the same as"
markers and the complaint cell's hot spots have something to show: five robberies told in three scripts about
one crossing in the last week, and one person's third complaint about the same nuisance. Registered through the
real intake (every listener runs), by different people, on different channels, and left open."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM


@dataclass(frozen=True)
class Told:
    """One complaint of a pattern: how long ago, by which channel, in which language, in whose words."""

    days_ago: float
    channel: str
    language: str
    name: str
    mobile: str
    description: str


@dataclass(frozen=True)
class Pattern:
    category: str
    station: str  # police station code
    lat: float | None  # the place, when the complaints carry one (moved a few metres apart)
    lng: float | None
    address: str
    told: tuple[Told, ...]


PATTERNS = {
    "punjab": (
        # Five robberies at Liberty Chowk, Gulberg, in one week: Urdu, Roman Urdu and English.
        Pattern("CRIME-ROBBERY", "LHR-CVL-GBG", 31.5105, 74.3440, "Liberty Chowk, Gulberg III, Lahore", (
            Told(6.2, "web", "ur", "عمران بٹ", "+923214500101",
                 "لبرٹی چوک کے قریب موٹر سائیکل سوار دو افراد نے اسلحہ کے زور پر میرا موبائل فون اور بٹوا چھین لیا۔"),
            Told(4.8, "whatsapp", "ur", "Sana Tariq", "+923214500102",
                 "Liberty chowk ke qareeb motorcycle sawar do afraad ne aslaha ke zor par mera mobile phone aur "
                 "batwa cheen liya."),
            Told(3.5, "call_centre", "en", "Adeel Qureshi", "+923214500103",
                 "Two men on a motorcycle snatched my mobile phone and wallet at gunpoint near Liberty Chowk in the "
                 "evening."),
            Told(1.9, "front_desk", "ur", "نادیہ اکرم", "+923214500104",
                 "لبرٹی چوک پر شام کے وقت موٹر سائیکل سواروں نے میری بیوی کا پرس اور موبائل چھین لیا، اس ہفتے یہ "
                 "تیسری واردات ہے۔"),
            Told(0.4, "web", "ur", "Faisal Mehmood", "+923214500105",
                 "Liberty chowk par raat ko do larkon ne pistol dikha kar mera mobile cheen liya, koi police "
                 "patrol nahi hota."),
        )),
        # One man's third complaint about the marble factory next door (English, then Urdu, then Roman Urdu).
        Pattern("OTHER-NUISANCE", "LHR-MDT-GDT", None, None, "Street 9, Garden Town, Lahore", (
            Told(35, "call_centre", "en", "Khalid Hussain", "+923334500201",
                 "The marble factory next to our house runs its cutting machines all night. We cannot sleep and "
                 "nobody stops them."),
            Told(18, "web", "ur", "خالد حسین", "+923334500201",
                 "ہمارے گھر کے ساتھ ماربل فیکٹری ساری رات کٹنگ مشینیں چلاتی ہے، ہم سو نہیں سکتے اور کوئی نہیں روکتا۔"),
            Told(1.2, "whatsapp", "ur", "Khalid Hussain", "+923334500201",
                 "Hamare ghar ke saath marble factory sari raat cutting machinein chalati hai, pehle bhi do dafa "
                 "shikayat ki, koi nahi rokta."),
        )),
    ),
    "rampur": (
        # Five chain snatchings near Kotwali's Ghanta Ghar in one week: Hindi with and without nukta, and Urdu.
        Pattern("CRIME-ROBBERY", "RMP-CTY-KTW", 28.8042, 79.0268, "घंटाघर चौराहा, रामपुर", (
            Told(6.0, "web", "hi", "सीमा वर्मा", "+919837450101",
                 "घंटाघर चौराहे के पास बाइक सवार दो लड़कों ने मेरे गले से सोने की चेन छीन ली और फ़रार हो गए।"),
            Told(4.4, "whatsapp", "hi", "रेखा सक्सेना", "+919837450102",
                 "घंटाघर चौराहे के पास बाइक सवार दो लडकों ने मेरी सोने की चेन छीन ली और फरार हो गए।"),
            Told(3.1, "call_centre", "ur", "شبانہ خان", "+919837450103",
                 "گھنٹہ گھر چوراہے کے پاس بائک سوار دو لڑکوں نے میری سونے کی چین چھین لی اور فرار ہو گئے۔"),
            Told(1.7, "front_desk", "hi", "अनीता गुप्ता", "+919837450104",
                 "शाम को घंटाघर के पास बाइक पर आए दो युवक मेरी माँ की सोने की चेन छीनकर भाग गए।"),
            Told(0.3, "web", "en", "Pooja Sharma", "+919837450105",
                 "Two young men on a bike snatched my gold chain near Ghanta Ghar crossing and ran away."),
        )),
        Pattern("OTHER-NUISANCE", "RMP-CTY-CVL", None, None, "सिविल लाइंस, रामपुर", (
            Told(40, "call_centre", "hi", "राजेश कुमार", "+919412450201",
                 "पड़ोस की आटा चक्की रात भर चलती है, शोर से हम सो नहीं पाते, कोई नहीं रोकता।"),
            Told(20, "web", "hi", "राजेश कुमार", "+919412450201",
                 "पडोस की आटा चक्की सारी रात चलती है, शोर के कारण हम सो नहीं पाते।"),
            Told(2, "whatsapp", "hi", "राजेश कुमार", "+919412450201",
                 "पड़ोस की आटा चक्की फिर रात भर चली, दो बार शिकायत कर चुका हूँ, कोई नहीं रोकता।"),
        )),
    ),
}


def load(profile: str, now: datetime) -> list[Complaint]:
    """Register the profile's patterns (in a transaction the caller holds); returns the complaints."""
    made = []
    for pattern in PATTERNS.get(profile, ()):
        for index, told in enumerate(pattern.told):
            data = {"category": pattern.category, "description": told.description, "language": told.language,
                    "name": told.name, "mobile": told.mobile, "address": pattern.address, "unit": pattern.station}
            if pattern.lat is not None:  # a few metres apart, as phones report one crossing
                data["lat"] = f"{pattern.lat + 0.0002 * (index % 3 - 1):.6f}"
                data["lng"] = f"{pattern.lng + 0.0002 * (index % 2):.6f}"
            made.append(register_complaint(actor=SYSTEM, channel=told.channel, data=data,
                                           now=now - timedelta(days=told.days_ago)))
    return made
