"""Names and address fragments for demo complainants and officers, as (en, ur, hi)."""

PK_FIRST_NAMES = [
    ("Muhammad", "محمد", "मुहम्मद"), ("Ahmed", "احمد", "अहमद"), ("Ali", "علی", "अली"), ("Usman", "عثمان", "उस्मान"),
    ("Bilal", "بلال", "बिलाल"), ("Imran", "عمران", "इमरान"), ("Asif", "آصف", "आसिफ़"), ("Tariq", "طارق", "तारिक़"),
    ("Zahid", "زاہد", "ज़ाहिद"), ("Kashif", "کاشف", "काशिफ़"), ("Naveed", "نوید", "नवीद"), ("Hamza", "حمزہ", "हमज़ा"),
    ("Saad", "سعد", "साद"), ("Waqas", "وقاص", "वक़ास"), ("Shahid", "شاہد", "शाहिद"), ("Rashid", "راشد", "राशिद"),
    ("Fatima", "فاطمہ", "फ़ातिमा"), ("Ayesha", "عائشہ", "आयशा"), ("Zainab", "زینب", "ज़ैनब"), ("Maryam", "مریم", "मरियम"),
    ("Sana", "ثناء", "सना"), ("Rabia", "رابعہ", "राबिया"), ("Nadia", "نادیہ", "नादिया"), ("Samina", "ثمینہ", "समीना"),
    ("Shazia", "شازیہ", "शाज़िया"), ("Kiran", "کرن", "किरण"), ("Hina", "حنا", "हिना"), ("Amna", "آمنہ", "आमना"),
    ("Farhan", "فرحان", "फ़रहान"), ("Adnan", "عدنان", "अदनान"), ("Javed", "جاوید", "जावेद"), ("Arshad", "ارشد", "अरशद"),
]
PK_LAST_NAMES = [
    ("Khan", "خان", "ख़ान"), ("Ahmed", "احمد", "अहमद"), ("Butt", "بٹ", "बट"), ("Chaudhry", "چوہدری", "चौधरी"),
    ("Malik", "ملک", "मलिक"), ("Qureshi", "قریشی", "क़ुरैशी"), ("Sheikh", "شیخ", "शेख़"), ("Awan", "اعوان", "अवान"),
    ("Gondal", "گوندل", "गोंदल"), ("Bajwa", "باجوہ", "बाजवा"), ("Cheema", "چیمہ", "चीमा"), ("Rana", "رانا", "राणा"),
    ("Javed", "جاوید", "जावेद"), ("Iqbal", "اقبال", "इक़बाल"), ("Hussain", "حسین", "हुसैन"), ("Raza", "رضا", "रज़ा"),
    ("Mughal", "مغل", "मुग़ल"), ("Warraich", "وڑائچ", "वड़ैच"), ("Sandhu", "سندھو", "संधू"), ("Siddiqui", "صدیقی", "सिद्दीक़ी"),
]
IN_FIRST_NAMES = [
    ("Ram", "رام", "राम"), ("Shyam", "شیام", "श्याम"), ("Rajesh", "راجیش", "राजेश"), ("Suresh", "سریش", "सुरेश"),
    ("Mukesh", "مکیش", "मुकेश"), ("Anil", "انل", "अनिल"), ("Vikas", "وکاس", "विकास"), ("Pradeep", "پردیپ", "प्रदीप"),
    ("Sanjay", "سنجے", "संजय"), ("Deepak", "دیپک", "दीपक"), ("Arif", "عارف", "आरिफ़"), ("Salman", "سلمان", "सलमान"),
    ("Nadeem", "ندیم", "नदीम"), ("Irfan", "عرفان", "इरफ़ान"), ("Shakir", "شاکر", "शाकिर"), ("Aslam", "اسلم", "असलम"),
    ("Sunita", "سنیتا", "सुनीता"), ("Geeta", "گیتا", "गीता"), ("Pooja", "پوجا", "पूजा"), ("Neha", "نیہا", "नेहा"),
    ("Rekha", "ریکھا", "रेखा"), ("Anjali", "انجلی", "अंजलि"), ("Shabana", "شبانہ", "शबाना"), ("Rukhsana", "رخسانہ", "रुख़साना"),
    ("Nazia", "نازیہ", "नाज़िया"), ("Farzana", "فرزانہ", "फ़रज़ाना"), ("Kavita", "کویتا", "कविता"), ("Priya", "پریا", "प्रिया"),
    ("Rohit", "روہت", "रोहित"), ("Amit", "امت", "अमित"), ("Faisal", "فیصل", "फ़ैसल"), ("Zeeshan", "ذیشان", "ज़ीशान"),
]
IN_LAST_NAMES = [
    ("Sharma", "شرما", "शर्मा"), ("Verma", "ورما", "वर्मा"), ("Gupta", "گپتا", "गुप्ता"), ("Yadav", "یادو", "यादव"),
    ("Singh", "سنگھ", "सिंह"), ("Saxena", "سکسینہ", "सक्सेना"), ("Maurya", "موریا", "मौर्य"), ("Kashyap", "کشیپ", "कश्यप"),
    ("Khan", "خان", "ख़ान"), ("Ansari", "انصاری", "अंसारी"), ("Qureshi", "قریشی", "क़ुरैशी"), ("Siddiqui", "صدیقی", "सिद्दीक़ी"),
    ("Rastogi", "رستوگی", "रस्तोगी"), ("Pal", "پال", "पाल"), ("Saini", "سینی", "सैनी"), ("Chauhan", "چوہان", "चौहान"),
    ("Lodhi", "لودھی", "लोधी"), ("Malik", "ملک", "मलिक"), ("Mishra", "مشرا", "मिश्रा"), ("Tiwari", "تیواری", "तिवारी"),
]
STREETS_PK = [
    "House 12, Street 4, Samanabad", "Mohalla Islampura, near Jamia Masjid", "Flat 3, Block C, Model Town",
    "Chak 208 RB, near the government school", "Shop 7, Anarkali Bazaar", "House 45-B, Gulberg III",
    "Street 9, Ghulam Muhammad Abad", "Village Kot Abdul Malik", "House 2, Mohalla Qasimpura",
    "Near Bilal Chowk, Satellite Town", "House 88, Peoples Colony No. 1", "Mohalla Shah Rukn-e-Alam",
    "Street 15, Gulgasht Colony", "Dhok Kashmirian, Murree Road", "House 5, Block D, Satellite Town",
]
STREETS_IN = [
    "Mohalla Ganj, near Jama Masjid", "Civil Lines, behind the collectorate", "Village Kemri, Bilaspur road",
    "Mohalla Gher Meer Baz Khan", "Azeem Nagar, near the railway crossing", "Village Saifni, Swar tehsil",
    "Jail Road, Kotwali area", "Village Milak Khanam", "Mohalla Raza Nagar", "Station Road, Tanda",
    "Shahabad bazaar, near the tehsil", "Pahadi Gate, Moradabad", "Civil Lines, Moradabad",
    "Village Patwai, Shahabad road", "Bhot bazaar, near the police post",
]
