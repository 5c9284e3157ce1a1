"""The labelled near-duplicates the duplicates benchmark generates: ten matters, each told in Urdu, Hindi and
Roman Urdu, and the ways people retell one (another script, Roman spelling variants, Arabic letter forms and
diacritics, Hindi with or without nukta and nasal marks, a clause left out, a greeting added)."""

import random
import re
import unicodedata

# (category code, Urdu, Hindi, Roman Urdu); {n} = the matter's detail (a number plate, an amount …).
MATTERS = [
    ("CRIME-VEHICLE-THEFT",
     "میری موٹر سائیکل گھر کے باہر سے چوری ہو گئی، رات کو گلی میں کھڑی تھی، نمبر {n}",
     "मेरी मोटर साइकिल घर के बाहर से चोरी हो गई, रात को गली में खड़ी थी, नंबर {n}",
     "meri motor cycle ghar ke bahar se chori ho gayi, raat ko gali mein khari thi, number {n}"),
    ("CRIME-LAND",
     "ہمارے پلاٹ پر پڑوسی نے قبضہ کر لیا ہے اور دیوار کھڑی کر دی ہے، رقبہ {n} مرلہ",
     "हमारे प्लॉट पर पड़ोसी ने क़ब्ज़ा कर लिया है और दीवार खड़ी कर दी है, रक़बा {n} मरला",
     "hamare plot par parosi ne qabza kar liya hai aur deewar khari kar di hai, raqba {n} marla"),
    ("CRIME-ROBBERY",
     "بازار میں دو موٹر سائیکل سواروں نے میرا موبائل فون چھین لیا اور فرار ہو گئے، قیمت {n} روپے",
     "बाज़ार में दो मोटर साइकिल सवारों ने मेरा मोबाइल फ़ोन छीन लिया और फ़रार हो गए, क़ीमत {n} रुपये",
     "bazar mein do motor cycle sawaron ne mera mobile phone cheen liya aur farar ho gaye, qeemat {n} rupay"),
    ("CRIME-FRAUD",
     "ایک شخص نے انعام کا جھانسہ دے کر میرے اکاؤنٹ سے {n} روپے نکلوا لیے، اب فون بند ہے",
     "एक शख़्स ने इनाम का झांसा दे कर मेरे अकाउंट से {n} रुपये निकलवा लिए, अब फ़ोन बंद है",
     "aik shakhs ne inaam ka jhansa de kar mere account se {n} rupay nikalwa liye, ab phone band hai"),
    ("CRIME-ASSAULT",
     "پڑوسیوں نے پانی کے جھگڑے پر میرے بھائی کو ڈنڈوں سے مارا، وہ ہسپتال میں داخل ہے، بستر {n}",
     "पड़ोसियों ने पानी के झगड़े पर मेरे भाई को डंडों से मारा, वह हस्पताल में दाख़िल है, बिस्तर {n}",
     "parosiyon ne pani ke jhagre par mere bhai ko dandon se mara, woh hospital mein dakhil hai, bistar {n}"),
    ("CRIME-NARCOTICS",
     "ہمارے محلے میں سکول کے قریب کھلے عام منشیات بیچی جا رہی ہیں، گلی نمبر {n}، نوجوان نشہ کر رہے ہیں",
     "हमारे मोहल्ले में स्कूल के क़रीब खुले आम मनशियात बेची जा रही हैं, गली नंबर {n}, नौजवान नशा कर रहे हैं",
     "hamare mohalle mein school ke qareeb khule aam manshiyat bechi ja rahi hain, gali number {n}, naujawan "
     "nasha kar rahe hain"),
    ("CRIME-VEHICLE-THEFT",
     "میری گاڑی دفتر کی پارکنگ سے چوری ہو گئی، سفید رنگ کی کار ہے، رجسٹریشن {n}",
     "मेरी गाड़ी दफ़्तर की पार्किंग से चोरी हो गई, सफ़ेद रंग की कार है, रजिस्ट्रेशन {n}",
     "meri gaari daftar ki parking se chori ho gayi, safaid rang ki car hai, registration {n}"),
    ("CRIME-EXTORTION",
     "ایک نامعلوم نمبر سے مجھے جان سے مارنے کی دھمکیاں مل رہی ہیں، بھتہ مانگ رہے ہیں، {n} روپے",
     "एक नामालूम नंबर से मुझे जान से मारने की धमकियां मिल रही हैं, भत्ता मांग रहे हैं, {n} रुपये",
     "aik namaloom number se mujhe jaan se marne ki dhamkiyan mil rahi hain, bhatta maang rahe hain, {n} rupay"),
    ("CRIME-BURGLARY",
     "رات کو چور دکان کا تالا توڑ کر نقدی اور سامان لے گئے، نقصان {n} روپے کا ہوا",
     "रात को चोर दुकान का ताला तोड़ कर नक़दी और सामान ले गए, नुक़सान {n} रुपये का हुआ",
     "raat ko chor dukan ka tala tor kar naqdi aur saman le gaye, nuqsan {n} rupay ka hua"),
    ("SVC-TRAFFIC",
     "بازار میں تجاوزات اور غلط پارکنگ کی وجہ سے روزانہ ٹریفک جام رہتا ہے، ایمبولینس بھی نہیں گزر سکتی، روڈ {n}",
     "बाज़ार में तजावुज़ात और ग़लत पार्किंग की वजह से रोज़ाना ट्रैफ़िक जाम रहता है, एम्बुलेंस भी नहीं गुज़र सकती, रोड {n}",
     "bazar mein tajawuzat aur ghalat parking ki wajah se rozana traffic jam rehta hai, ambulance bhi nahi guzar "
     "sakti, road {n}"),
]
SCRIPTS = ("ur", "hi", "ro")
GREETINGS = {"ur": ["جناب عالی، ", "گزارش ہے کہ ", "ایس ایچ او صاحب، "],
             "hi": ["सेवा में, ", "निवेदन है कि ", "थाना प्रभारी जी, "],
             "ro": ["janab aali, ", "guzarish hai ke ", "SHO sahib, "]}
ROMAN_VARIANTS = [("ee", "i"), ("aa", "a"), ("q", "k"), ("w", "v"), ("ai", "e"), ("mein", "main"), ("oo", "u"),
                  ("kh", "k"), ("ph", "f"), ("ay", "e"), ("i", "ee"), ("ke", "kay")]
ARABIC_FORMS = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})
HARAKAT = ("\u064e", "\u0650", "\u064f")


def text_of(matter: int, script: str, detail: str) -> str:
    return MATTERS[matter][1 + SCRIPTS.index(script)].format(n=detail)


def detail_for(rng: random.Random) -> str:
    return str(rng.randint(1000, 99999))


def retold(text: str, script: str, rng: random.Random) -> str:
    """The same matter told again in `script` (already translated): its spelling varied, a clause maybe left out,
    a greeting maybe added."""
    if script == "ro":
        for old, new in rng.sample(ROMAN_VARIANTS, 4):
            text = text.replace(old, new)
    elif script == "ur":
        if rng.random() < 0.5:
            text = text.translate(ARABIC_FORMS)
        text = "".join(ch + (rng.choice(HARAKAT) if ch.isalpha() and rng.random() < 0.08 else "") for ch in text)
    elif rng.random() < 0.5:  # Hindi without nukta, or with chandrabindu for anusvara
        text = unicodedata.normalize("NFD", text).replace("\u093c", "")
    else:
        text = text.replace("ं", "ँ")
    clauses = [c for c in re.split("[،,]", text) if c.strip()]
    if len(clauses) > 2 and rng.random() < 0.3:
        clauses.pop(rng.randrange(1, len(clauses) - 1))  # the detail (last) is kept
    joiner = "، " if script == "ur" else ", "
    text = joiner.join(c.strip() for c in clauses)
    if rng.random() < 0.3:
        text = rng.choice(GREETINGS[script]) + text
    return text
