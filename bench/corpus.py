"""A deterministic synthetic news corpus with its own gold file, for scale and quality runs.

    python bench/corpus.py N OUTDIR [--seed S] [--format txt|jsonl]

writes OUTDIR/articles/ (N scraped-looking .txt pages, or .jsonl files of up to 10,000 lines and
4.5 MB, under the loader's default --max-bytes, with the fields text/title/published/outlet/url;
files a previous run left there are removed first) and OUTDIR/gold.yaml in the format of
../shared/gold/FORMAT.md, and prints a one-line summary. `generate(n, outdir, seed, fmt)` does
the same from Python and returns the counts. The same (N, seed, format) gives byte-identical
files: every choice comes from one `random.Random(seed)`, nothing depends on the clock, and no
set or dict of strings is iterated unsorted.

The world
---------
About forty real countries (names, demonyms and capitals as in loader/data/countries.yaml), each
with invented holders of its defence minister, foreign minister, head of state (presidents
only: monarchs never meet here) and head of government posts. Holders change along a timeline
2015-2025; everyone after the first holder of a post has an appointment month that some
articles state ("was appointed in March 2021", "who took office in May"). Names come from
per-culture given-name lists and surname syllables: every full name is unique, the short form an
article uses after the first mention ("Tolvekov", or "Gao" for the surname-first "Gao Renshu")
is a name token nobody else has, and no two names are close enough to be merged by the
extractor's fuzzy matching. Some people whose given name ends in -ei appear as -ey in some
articles (Andrei/Andrey), a transliteration variant the gold lists as an alias. Each country
also has two lawmakers and two ministry spokespersons.

Events and articles
-------------------
An event is a meeting between two holders of comparable posts on a true date: talks at a
third country's capital (in_person), a visit to the host's capital (visit), a phone call or a
video call. Events are chosen at least 60 days away from either participant's change of post,
so every title an article gives is true on its publication date. Each event is reported by
1-3 articles with independently chosen wordings: "held talks", "met", "received", "paid an
official visit", "will travel to ... next week" (planned: the article is dated before the
event), "spoke by phone", "telephone conversation", "video call", "virtual meeting"; people are
titled "<Demonym> <Role> <Name>", "<Country>'s <Role> <Name>", "<Name>, the <demonym> <role>,"
or "his <Demonym> counterpart <Name>"; direct quotes are attributed as "“...,” X said.",
"said X", "X added: “...”", "X said: “...”". Lawmakers ("<Name>, a <demonym> lawmaker") and
ministry spokespersons are quoted now and then. Dates are relative ("on Tuesday",
"yesterday", "last week", "last month", "earlier this month", "next week", "from May 4 to 6")
or absolute, resolved against the publication date. About 15% of the articles are undated (no
dateline, no metadata date): their relative dates cannot be resolved, and the gold gives such a
meeting's date as `unknown` with `true_date` unless another article dates it. Dated articles
carry a dateline under the headline ("Mar 3, 2024", "3 March 2024", ...), a sidecar
NAME.meta.json (txt only, a few), a wire-style "officials said Tuesday, March 3, 2024" in the
story (a few), or the jsonl "published" field. Pages are wrapped in chrome: weather, menus and
a banner render date far from the story date above the headline; "Source link", teasers that
name famous people (the gold's `forbidden_persons`), share prompts, ratings and a copyright
line below. Bylines name reporters (`allowed_persons`).

The gold file
-------------
Written from what the text says, not from the world: articles (title, published or unknown);
persons with the aliases actually used; offices per (person, post) with every article that
titles the person, and `start` only where an article states the appointment month in a form
that can be resolved (an absolute month, or a month without year in a dated article); one
meeting per event with every reporting article, the date at the best precision any report
justifies (day, a week or visit range, a month; `unknown` + `true_date` when none does), the
place (a capital) for talks and visits, and status held unless every report is a plan;
direct quotes (core) and a few "X said that ..." paraphrases (stretch: the loader extracts
indirect speech only with --indirect-speech); tenures for posts whose holders all appear dated
in the corpus, with their order and `start`/`last_attested_before` checks (core) and
`end_not_after` from the successor's stated start (stretch).

Memory: articles are written as they are generated; events are reported by a small pool of
open events and their gold entries written when closed, so only persons and offices (article
numbers in compact arrays) are held until the end.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import re
import shutil
import sys
import time
from array import array
from pathlib import Path
from random import Random

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MON3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

START = dt.date(2015, 1, 1)          # the first holder of each post is in office before this
END = dt.date(2026, 12, 31)          # the last holder is still in office after the last event
EVENTS_FROM = dt.date(2015, 3, 1)
EVENTS_TO = dt.date(2025, 10, 31)
MARGIN = 60                          # days between an event and a participant's change of post

DEF, FOR, HOS, HOG = "defence_minister", "foreign_minister", "head_of_state", "head_of_government"
LEG, SPOKE = "legislator", "spokesperson"
MINISTRY = {DEF: "Ministry of National Defense", FOR: "Ministry of Foreign Affairs"}

# name, demonym, capital, culture, head of state title, head of government title, defence
# titles, foreign titles ("Defence" is spelt per outlet). Names, demonyms and capitals are those
# of loader/data/countries.yaml (tests/test_bench_corpus.py checks it).
_D, _F = ("Defence Minister",), ("Foreign Minister",)
COUNTRIES = [
    ("United States", "U.S.", "Washington", "anglo", "President", None, ("Defense Secretary", "Secretary of Defense"), ("Secretary of State",)),
    ("United Kingdom", "British", "London", "anglo", None, "Prime Minister", ("Defence Secretary",), ("Foreign Secretary",)),
    ("Canada", "Canadian", "Ottawa", "anglo", None, "Prime Minister", _D, _F),
    ("Australia", "Australian", "Canberra", "anglo", None, "Prime Minister", _D, _F),
    ("China", "Chinese", "Beijing", "chinese", "President", "Premier", _D, _F),
    ("Singapore", "Singaporean", "Singapore", "chinese", "President", "Prime Minister", _D, _F),
    ("Russia", "Russian", "Moscow", "slavic", "President", "Prime Minister", _D, _F),
    ("Ukraine", "Ukrainian", "Kyiv", "slavic", "President", "Prime Minister", _D, _F),
    ("Poland", "Polish", "Warsaw", "central", "President", "Prime Minister", _D, _F),
    ("Hungary", "Hungarian", "Budapest", "central", "President", "Prime Minister", _D, _F),
    ("Japan", "Japanese", "Tokyo", "japanese", None, "Prime Minister", _D, _F),
    ("India", "Indian", "New Delhi", "indian", "President", "Prime Minister", _D, ("External Affairs Minister", "Foreign Minister")),
    ("Pakistan", "Pakistani", "Islamabad", "muslim_sa", "President", "Prime Minister", _D, _F),
    ("Bangladesh", "Bangladeshi", "Dhaka", "muslim_sa", "President", "Prime Minister", _D, _F),
    ("Egypt", "Egyptian", "Cairo", "arabic", "President", "Prime Minister", _D, _F),
    ("Saudi Arabia", "Saudi", "Riyadh", "arabic", None, None, _D, _F),
    ("United Arab Emirates", "Emirati", "Abu Dhabi", "arabic", "President", None, _D, _F),
    ("Morocco", "Moroccan", "Rabat", "arabic", None, "Prime Minister", _D, _F),
    ("Turkey", "Turkish", "Ankara", "turkish", "President", None, _D, _F),
    ("Azerbaijan", "Azerbaijani", "Baku", "turkish", "President", "Prime Minister", _D, _F),
    ("Kazakhstan", "Kazakh", "Astana", "central_asian", "President", "Prime Minister", _D, _F),
    ("Iran", "Iranian", "Tehran", "iranian", "President", None, _D, _F),
    ("France", "French", "Paris", "french", "President", "Prime Minister", ("Defence Minister", "Armed Forces Minister"), _F),
    ("Germany", "German", "Berlin", "germanic", "President", "Chancellor", _D, _F),
    ("Netherlands", "Dutch", "Amsterdam", "germanic", None, "Prime Minister", _D, _F),
    ("Norway", "Norwegian", "Oslo", "germanic", None, "Prime Minister", _D, _F),
    ("Sweden", "Swedish", "Stockholm", "germanic", None, "Prime Minister", _D, _F),
    ("Finland", "Finnish", "Helsinki", "germanic", "President", "Prime Minister", _D, _F),
    ("Italy", "Italian", "Rome", "southern", "President", "Prime Minister", _D, _F),
    ("Spain", "Spanish", "Madrid", "southern", None, "Prime Minister", _D, _F),
    ("Portugal", "Portuguese", "Lisbon", "southern", "President", "Prime Minister", _D, _F),
    ("Greece", "Greek", "Athens", "southern", "President", "Prime Minister", _D, _F),
    ("Mexico", "Mexican", "Mexico City", "latin", "President", None, _D, _F),
    ("Brazil", "Brazilian", "Brasilia", "latin", "President", None, _D, _F),
    ("Argentina", "Argentine", "Buenos Aires", "latin", "President", None, _D, _F),
    ("Colombia", "Colombian", "Bogota", "latin", "President", None, _D, _F),
    ("Peru", "Peruvian", "Lima", "latin", "President", None, _D, _F),
    ("Nigeria", "Nigerian", "Abuja", "west_african", "President", None, _D, _F),
    ("Kenya", "Kenyan", "Nairobi", "east_african", "President", None, _D, _F),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "east_african", "President", "Prime Minister", _D, _F),
    ("South Africa", "South African", "Pretoria", "southern_african", "President", None, _D, _F),
    ("Indonesia", "Indonesian", "Jakarta", "malay", "President", None, _D, _F),
    ("Malaysia", "Malaysian", "Kuala Lumpur", "malay", None, "Prime Minister", _D, _F),
    ("Philippines", "Philippine", "Manila", "filipino", "President", None, _D, _F),
    ("Thailand", "Thai", "Bangkok", "thai", None, "Prime Minister", _D, _F),
    ("Vietnam", "Vietnamese", "Hanoi", "vietnamese", "President", "Prime Minister", _D, _F),
]
# names that take "the" in running text
THE_COUNTRIES = {"United States", "United Kingdom", "Netherlands", "Philippines", "United Arab Emirates"}

# Name cultures: given names (male, female) and surname syllables (prefix + suffix). "sg": the
# surname comes first and is the short form (Chinese); "fmg": family, middle, given, and the
# given name is the short form (Vietnamese).
CULTURES = {
    "anglo": dict(
        male="James Thomas Daniel Richard Simon Andrew Peter Mark Graham Edward Paul Michael Robert Jonathan Stuart Nicholas Martin Hugh Gordon Kevin",
        female="Laura Helen Margaret Claire Rachel Susan Fiona Caroline Diane Emma Alison Catherine Joanna Karen Rebecca",
        pre="Ash Brad Carr Dun Fel Hart Kel Lang Mar Pem Rad Stan Thorn Wes Whit Ald Brom Cal Dray Gar Hol Kes Lyn Mor Nor Pen Quen Rom Sel Tal",
        suf="ton ley wood by field well more ridge ford wick combe worth stead mere"),
    "slavic": dict(
        male="Andrei Sergei Alexei Dmitri Mikhail Nikolai Pavel Oleg Yuri Igor Viktor Matvei Timofei Roman Kirill Vadim Gennadi Stanislav Arkadi Leonid",
        female="Irina Olga Natalia Yelena Tatiana Svetlana Marina Lyudmila Ksenia Vera",
        pre="Vesk Tolv Kor Mirn Zhar Lask Dobr Gren Belk Sev Ostr Volk Rud Zem Kaln Prot Stal Yarm Chern Gol Lyub Pash Sok Trub",
        suf="olin ov enko ev sky chuk in anov ilov ovich yuk arev"),
    "central": dict(
        male="Tomasz Piotr Marek Krzysztof Pawel Jakub Laszlo Gabor Zoltan Istvan Miklos Wojciech",
        female="Katarzyna Agnieszka Ewa Magdalena Zsofia Eszter Dorota Krisztina",
        pre="Wrzel Kowal Nowic Sobol Zawad Majer Hajdu Kertes Szabol Varg Bene Lukac Pietr Grab Olsz Dembr",
        suf="ak ski czyk ewicz owski ely ay ics os"),
    "chinese": dict(
        male="Ren Jian Guo Hai Feng Wen Ming Zhi Qiang Yong Chun Hong Jun Tao Sheng Rong Kai Liang Peng Xin Hao Jie Qing Zhen",
        female="Hua Li Xiao Ping Lin Hui Yan Mei Ying Lan Fang Jing",
        second="shu guo feng hua ming qiang bo ping de tao lin hui sheng rong kai liang xin yan hao jie qing wei yuan zhen",
        surnames="Gao Lu Xu Shen Tang Fang Yuan Pan Cao Peng Jiang Cai Ding Ren Yao Fan Jin Xue Lei Gu Hao Kong Bai Cui Kang Qiu Shi Tian Tao Xiang Yin Zeng Zhong Zou Fu Geng Hou Lian Liao Meng Niu Qian Rao Sang Shao Song Tan Wen Xia Yan Yue Zhai Zhuo Dai Guan Hu Luo Mei Ning Pei Qi Shang Tong Wang Yang Zhang",
        order="sg"),
    "japanese": dict(
        male="Haruto Kenji Takeshi Hiroshi Satoshi Kazuo Masato Daisuke Shinji Tetsuya Yoshiro Kenta",
        female="Yuki Aiko Naoko Keiko Emiko Sachiko Tomoko Yoko",
        pre="Kise Oka Taka Yoshi Fuji Ishi Mori Nishi Hoshi Kuro Miya Shima Tani Uchi Wata Sugi",
        suf="naga mura hashi moto kawa yama zaki shita gawa ta"),
    "indian": dict(
        male="Rakesh Anil Vikram Arjun Sanjay Deepak Rajiv Suresh Manoj Ashok Nitin Harish",
        female="Sunita Priya Meera Kavita Anjali Rekha Nandini Lakshmi",
        pre="Var Meh Kul Bhat Chand Desh Ras Tri Sak Nag Pur Ved Jai Kap Sund Gov",
        suf="dhanam rotra vastava karni nagar ekar iyar wala shankar endran"),
    "muslim_sa": dict(
        male="Farhan Tariq Asif Kamran Bilal Hamid Nadeem Shahid Rashid Sohail Zahid Arif",
        female="Ayesha Nadia Salma Farah Sadia Rukhsana Nasreen Shirin",
        pre="Qure Mahm Chaud Raz Sidd Haq Jal Mir Shab Zaf Bux Ans Lodh Durr",
        suf="eshi oodi ani ari uddin ullah avi ozai"),
    "arabic": dict(
        male="Karim Omar Khalid Faisal Samir Youssef Tarek Hassan Nabil Walid Adel Hisham Majid Sami Ziad",
        female="Layla Rania Huda Mona Noura Dalia Amal Salwa",
        pre="Shar Mans Hadd Qas Rash Naj Bakh Dab Far Ghan Jabb Mut Sab Tam Zah Kab",
        suf="noubi ouri adi imi ani awi eiri ousi abi ami"),
    "turkish": dict(
        male="Emre Mehmet Murat Kemal Burak Serkan Ozan Volkan Tolga Rauf Elchin Farid",
        female="Ayse Selin Aylin Zeynep Elif Gunel Nigar Sevda",
        pre="Sald Kara Bay Demir Gul Kaya Ozt Tek Yil Cel Dur Kor Mam Ras Huse Ert",
        suf="avan oglu kan lu soy dag ay zade li"),
    "central_asian": dict(
        male="Arman Nurlan Yerlan Timur Rustam Daniyar Serik Askar Berik Marat",
        female="Aigerim Dana Gulnara Saule Aliya Madina",
        pre="Tolv Bek Zhan Nurm Tok Ab Ert Kas Mukh Ospan Sar Tul Zhum",
        suf="ekov bayev uly ambetov enov imov aliev"),
    "iranian": dict(
        male="Reza Hossein Mehdi Dariush Kaveh Babak Farhad Saeed Behrouz Ramin",
        female="Maryam Parisa Nasrin Leila Azadeh Fereshteh",
        pre="Kamran Tehr Shir Rost Mohs Jav Bagh Sadegh Ghaf Nour Esf",
        suf="pour zadeh ani far nia abadi vand"),
    "french": dict(
        male="Lucien Mathieu Julien Olivier Thierry Laurent Etienne Benoit Pascal Gilles Arnaud Remi",
        female="Claire Sophie Camille Helene Nathalie Isabelle Agnes Marion",
        pre="Varm Duv Lef Bouch Chaum Gir Lav Mass Pell Rouss Tess Vill Grim Dub Marq",
        suf="otte ier eau ard ault elle et oux"),
    "germanic": dict(
        male="Jonas Lukas Henrik Sven Lars Erik Stefan Matthias Jurgen Pieter Joost Anders Mikko Jussi Torsten",
        female="Katrin Anke Ingrid Marit Sanne Liesbeth Karin Annika Sari Birgit",
        pre="Sol Hol Lind Kron Dahl Falk Stein Wester Brand Ried Vos Kamp Haug Lunde Virt Salm",
        suf="vang mann stad dorf sen holm strom huis inen ala brink"),
    "southern": dict(
        male="Marco Luca Giorgio Paolo Alvaro Rafael Tiago Nuno Dimitris Nikos Yannis Stefano Pablo",
        female="Giulia Elena Chiara Carmen Ines Beatriz Eleni Marta",
        pre="Ross Bell Marin Cast Ferr Gall Lomb Serr Torr Vald Alm Carv Pap Kost Mavr Zerv",
        suf="elli ini etti ano ero ado eira inho opoulos akis idis oni"),
    "latin": dict(
        male="Carlos Luis Fernando Ricardo Diego Javier Eduardo Andres Mauricio Gustavo Rodrigo Marcelo",
        female="Mariana Ana Gabriela Lucia Sofia Valeria Daniela Camila Patricia Renata",
        pre="Alv Barr Cabr Esc Fig Ib Lar Med Orr Quint Sand Tob Urd Zamb Mont Peix",
        suf="ez eira ado ino ero ales ega uela anda ota"),
    "west_african": dict(
        male="Obinna Chinedu Emeka Tunde Yusuf Kunle Ikenna Segun Musa Ibrahim",
        female="Ngozi Adaeze Funmi Aisha Chioma Yetunde Amina",
        pre="Ade Oka Balo Eze Olu Nwa Ige Oye Aki Obi Fash Ogun",
        suf="yemi gun chukwu wole kwe bajo dele lade tola"),
    "east_african": dict(
        male="Joseph Samuel David Tesfaye Dawit Mulugeta Kamau Wekesa Daniel Moses",
        female="Grace Esther Wanjiru Achieng Meron Hirut Tigist Njeri",
        pre="Mwan Oteng Kari Wam Ngug Tadd Gebre Wold Ayal Mek Ndir Kib",
        suf="zaro mbe uki ga ele sie ngu aye ew"),
    "southern_african": dict(
        male="Thabo Sipho Johan Pieter Mandla Themba Bongani Sello Kagiso",
        female="Lindiwe Naledi Thandeka Nomvula Anneke",
        pre="Ndlo Mabu Khum Mthe Dlam Sith Mokoe Radeb Mase Tshab",
        suf="vu za alo thwa ini ane ela ole ngo"),
    "malay": dict(
        male="Budi Agus Hendra Rizky Wahyu Faizal Aziz Hafiz Irwan Joko Bambang",
        female="Siti Dewi Putri Nurul Ratna Intan Wulan",
        pre="Har Wija Sur Prab Kusu Sant Nugr Setia Rahm Ism Zain Hus",
        suf="santoro jaya yanto sono wan oho adi uddin"),
    "filipino": dict(
        male="Jose Ramon Carlo Miguel Rodel Rogelio Antonio Emmanuel Jericho",
        female="Maria Teresa Liza Cristina Rosario Maricel Josefina",
        pre="Bau Dimag Lac Mang Pan Sant Tol Agu Bern Cay Dal",
        suf="tista illo ingan uyo anan ado aban ilan"),
    "thai": dict(
        male="Somchai Anan Prasert Wichai Surapong Kittisak Chatchai Niwat Pongsak",
        female="Suda Kanya Malee Ratana Siriporn Wanida",
        pre="Ratana Chai Sak Wong Pong Siri Thana Boon Kit Suwan Phrom",
        suf="vong suwan pong chai kul sawat phan rak thong"),
    "vietnamese": dict(
        male="Lam Hung Dung Tuan Phuc Binh Khanh Thang Trung Cuong Quang Vinh Hieu Toan Kien Nghia Hoan Quyet Chinh Luan",
        female="Mai Lan Hoa Huong Thao Hanh Ngoc Thuy Trang",
        family="Nguyen Tran Pham Hoang Vu Dang Bui Ngo Duong Phan Truong",
        middle_m="Van Duc Minh Quoc Thanh Huu Xuan",
        middle_f="Thi Thu Bich",
        order="fmg"),
}
FEMININE = re.compile(r"(ov|ev|in|sky|ski|owski)$")      # Trubev -> Trubeva, Kowalski -> Kowalska
FEMININE_ENDINGS = {"ov": "ova", "ev": "eva", "in": "ina", "sky": "skaya", "ski": "ska", "owski": "owska"}
VARIANTS = {"Andrei": "Andrey", "Sergei": "Sergey", "Alexei": "Alexey", "Matvei": "Matvey", "Timofei": "Timofey"}
REPORTER_CULTURES = ("anglo", "french", "germanic", "southern", "indian")

CELEBRITIES = [  # famous people from sport, music, film and business: page chrome only
    ("Cristiano Ronaldo", "sport"), ("Lionel Messi", "sport"), ("Serena Williams", "sport"), ("LeBron James", "sport"),
    ("Roger Federer", "sport"), ("Rafael Nadal", "sport"), ("Novak Djokovic", "sport"), ("Lewis Hamilton", "sport"),
    ("Usain Bolt", "sport"), ("Simone Biles", "sport"), ("Kylian Mbappe", "sport"), ("Virat Kohli", "sport"),
    ("Naomi Osaka", "sport"), ("Max Verstappen", "sport"), ("Stephen Curry", "sport"), ("Tiger Woods", "sport"),
    ("Mohamed Salah", "sport"), ("Erling Haaland", "sport"), ("Harry Kane", "sport"), ("Coco Gauff", "sport"),
    ("Taylor Swift", "music"), ("Ed Sheeran", "music"), ("Lady Gaga", "music"), ("Dua Lipa", "music"),
    ("Bruno Mars", "music"), ("Billie Eilish", "music"),
    ("Tom Hanks", "film"), ("Meryl Streep", "film"), ("Keanu Reeves", "film"), ("Jackie Chan", "film"),
    ("Shah Rukh Khan", "film"), ("Priyanka Chopra", "film"), ("Oprah Winfrey", "film"),
    ("Jeff Bezos", "business"), ("Bill Gates", "business"), ("Warren Buffett", "business"),
]
CELEB_ACTIONS = {
    "sport": ["hints at another season before deciding on retirement", "sets up a charity match for young players",
              "opens up about the hardest injury of a long career", "signs a new deal after weeks of speculation",
              "thanks fans after an emotional farewell lap", "says the new training schedule is paying off"],
    "music": ["adds extra dates after tickets sell out in minutes", "surprises fans with an acoustic set",
              "teases a new album in a late-night post", "donates concert proceeds to flood relief"],
    "film": ["joins the cast of a long-awaited sequel", "says the next role will be the last for a while",
             "shares a rare look behind the scenes", "opens a film school for young directors"],
    "business": ["unveils plans for a new philanthropic fund", "steps back from daily management",
                 "says artificial intelligence will change every job", "buys a historic estate for an undisclosed sum"],
}
TICKER_ACTIONS = {"sport": ["signs new deal", "plans charity match", "hints at retirement"],
                  "music": ["adds tour dates", "teases new album"], "film": ["joins sequel cast", "opens film school"],
                  "business": ["unveils new fund", "steps back from daily role"]}
SNIPPETS = [
    "Fans reacted quickly on social media, with many saying they had expected the news for some time...",
    "The announcement came at the end of a busy week, and details are expected to follow...",
    "People close to the plans said a final decision would be made in the coming days...",
    "Organisers said demand had been far higher than forecast and more staff were being added...",
    "The news was first shared in a short video that has since been viewed millions of times...",
]
OTHER_TEASERS = [
    ("Heatwave warning extended for another three days", "Forecasters said temperatures could climb further before a cooler front arrives..."),
    ("Five things to watch in this week's rate decision", "Economists expect policymakers to hold steady, but the wording of the statement..."),
    ("The best weekend walks within an hour of the city", "From river paths to ridge trails, our guide to easy escapes..."),
    ("Fuel prices edge lower for the third week running", "Drivers may see further cuts at the pump if wholesale costs keep falling..."),
    ("New metro line opens after years of delays", "Commuters welcomed the first trains, though some stations are still unfinished..."),
    ("Shipyard order book at its fullest in a decade", "Industry figures say the new work will keep yards busy until the end of the decade..."),
    ("Cherry trees bloom early after a mild winter", "Park officials said visitor numbers were among the highest on record..."),
    ("How to cut your household energy bill this winter", "Small changes at home can add up to real savings, experts say..."),
]
TICKERS = ["Markets open higher after a quiet week", "Storm warning issued for coastal areas", "Live coverage of the cup final",
           "Election tracker: the latest polls", "Travel disruption expected over the holiday weekend"]
SKIES = ["Partly cloudy", "Sunny", "Cloudy", "Showers", "Clear", "Light rain", "Windy", "Haze"]

OUTLETS = [  # invented: name, web domain, spelling, quote marks, top layout, bottom style
    ("Harbourline Daily", "harbourline", "uk", "curly", 0, 0), ("The Northgate Courier", "northgatecourier", "uk", "straight", 1, 1),
    ("Eastbrook Post", "eastbrookpost", "us", "straight", 2, 2), ("Continental Wire Review", "cwreview", "uk", "curly", 3, 3),
    ("Lakeshore Tribune", "lakeshoretribune", "us", "straight", 0, 4), ("The Compass Ledger", "compassledger", "us", "curly", 4, 0),
    ("Silk Road Monitor", "silkroadmonitor", "uk", "curly", 5, 1), ("Tidewater Times", "tidewatertimes", "us", "straight", 1, 2),
    ("Redcliff Herald", "redcliffherald", "uk", "straight", 2, 3), ("Atlas Wire Service", "atlaswire", "us", "curly", 3, 4),
    ("The Pinecrest Observer", "pinecrestobserver", "us", "straight", 4, 0), ("Grand Canal Gazette", "grandcanalgazette", "uk", "curly", 5, 1),
    ("Meridian Bay Report", "meridianbayreport", "uk", "straight", 0, 2), ("Highland Signal", "highlandsignal", "uk", "curly", 1, 3),
    ("Cedar Point Chronicle", "cedarpointchronicle", "us", "curly", 2, 4), ("Orient Express Digest", "orientdigest", "uk", "straight", 3, 0),
    ("Southern Cross Bulletin", "southerncrossbulletin", "uk", "curly", 4, 1), ("Prairie Star Journal", "prairiestar", "us", "straight", 5, 2),
]
SECTIONS = ["World", "Politics", "Asia", "Europe", "Africa", "Americas", "Middle East", "Defence", "Diplomacy", "Security"]

TOPICS = ["maritime security", "border security", "energy supplies", "trade and investment", "counter-terrorism",
          "cyber security", "disaster relief", "food security", "regional stability", "arms control", "migration",
          "climate policy", "infrastructure", "technology transfer", "public health", "joint training",
          "the defence industry", "peacekeeping", "space cooperation", "nuclear safety"]
FORUMS = ["a regional security forum", "an international security conference", "a gathering of regional governments",
          "an annual security dialogue", "a defence exhibition", "an international conference on maritime affairs"]
TAILS = ["officials from both governments said", "as the two countries seek to expand cooperation on {t}",
         "with {t} high on the agenda", "according to a statement issued afterwards",
         "amid growing concern over {t}", "officials said"]
PLANNED_SOURCES = ["the {dem} government said", "officials said", "the two governments announced",
                   "according to a government statement", "diplomats said"]
Q_SUBJ = ["Our two countries", "We", "Both sides", "Our governments", "Our ministries", "Our two nations"]
Q_VERB = ["have agreed to", "are determined to", "will continue to", "need to", "are ready to", "intend to", "must"]
Q_OBJ = ["deepen cooperation on {t}", "keep working together on {t}", "build on the progress we have made on {t}",
         "expand our exchanges on {t}", "find practical solutions on {t}", "keep the lines of communication open",
         "manage our differences calmly and directly", "turn these commitments into concrete results",
         "treat each other as equal partners", "put our relations on a steadier footing"]
# second sentences, fillers and closings: those in the *_AFTER lists only fit a report written after the event
Q_SECOND = ["That is what our people expect from us.", "There is a great deal of work ahead.",
            "Nobody should doubt our commitment.", "This relationship matters to both of us.",
            "We will judge progress by results, not by words.", "The next steps will be set out soon."]
Q_SECOND_AFTER = ["We do not agree on everything, and we said so plainly.", "It was a frank and useful exchange."]
LAWMAKER_Q = ["This is a welcome step, but we need to see results and not only statements",
              "The government should explain to parliament what was agreed and what it will cost",
              "We have waited a long time for this kind of engagement",
              "Good intentions are not enough, and people will want to see the details",
              "I hope this marks the start of a more serious and consistent approach"]
SPOKES_Q = ["We will keep our partners informed about the follow-up",
            "Preparations are going well, and we expect a substantive agenda"]
SPOKES_Q_AFTER = ["The exchange was candid and constructive, and both sides want to keep it that way",
                  "Both sides agreed that more contact is better than less",
                  "The discussions covered a broad agenda and will continue at the working level"]
INDIRECT = ["the two sides had agreed to {o}", "{c} was ready to {o}", "both governments would {o}",
            "there was broad agreement on the need to {o}"]
FILLER = [
    "{CA} and {CB} have expanded trade in recent years, and both governments have set targets for further growth.",
    "Relations between the two countries have had their ups and downs, but both have kept up regular contact at working level.",
    "{CB} has been pressing for closer coordination on {t} for some time.",
    "Officials in {capA} said they expected the discussions to continue at a technical level.",
    "Observers noted that {t} has become a more prominent part of the relationship.",
    "Economic ties between {ca} and {cb} remain modest, but both sides see room to grow.",
    "Diplomats said a joint statement could be issued once the details had been worked out.",
]
FILLER_AFTER = [
    "Neither side gave details of any new agreements, though officials said working groups would follow up.",
    "Analysts said the contact reflected a wider effort by {ca} to broaden its partnerships beyond its immediate region.",
    "The agenda also covered {t} and {t2}, officials said.",
    "Both governments described the exchange as constructive in brief readouts released afterwards.",
    "The {da} side raised {t}, while the {db} side focused on {t2}, according to people familiar with the discussions.",
]
FILLER_BEFORE = ["The agenda is expected to include {t} and {t2}, officials said.",
                 "Neither side has given details of what might be agreed."]
CLOSINGS = ["Further contacts at the working level are expected.", "Officials said the two sides would stay in touch.",
            "The discussions will continue through diplomatic channels."]
CLOSINGS_AFTER = ["No date was given for the next round.", "A fuller readout is expected from both capitals."]
APPOINT_TAILS = ["has made {t} a priority", "has pushed for closer ties with {cb}", "has promised a more active diplomacy",
                 "has called for a review of the country's security policy"]
END_MARKERS = ["Source link", "Related Articles", "Related Stories", "Read more", "More from World", "More stories",
               "You might also like", "Most Popular", "Latest News", "Recommended for you", "Also read:"]

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def mdy(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def iso(d: dt.date) -> str:
    return d.isoformat()


def month_iso(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def add_months(d: dt.date, months: int, day: int) -> dt.date:
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, day)


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def a_or_an(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def norm_name(s: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s.lower()).split())


def slugify(s: str, words: int = 8) -> str:
    return "-".join(re.sub(r"[^0-9a-z]+", " ", s.lower()).split()[:words])


def ratio(a: str, b: str) -> float:
    """rapidfuzz's ratio (the extractor merges names by it); difflib when it is not installed."""
    try:
        from rapidfuzz import fuzz
        return fuzz.ratio(a, b)
    except ImportError:  # pragma: no cover
        import difflib
        return 100 * difflib.SequenceMatcher(None, a, b).ratio()


# ---------------------------------------------------------------------------------------------
# The world: countries, people, posts and their holders over time
# ---------------------------------------------------------------------------------------------


class Country:
    def __init__(self, row):
        (self.name, self.dem, self.capital, self.culture, self.hos, self.hog, self.defence, self.foreign) = row
        self.display = ("the " + self.name) if self.name in THE_COUNTRIES else self.name
        self.headline_dem = "US" if self.dem == "U.S." else self.dem
        self.posts: dict[str, list[Term]] = {}
        self.lawmakers: list[Person] = []
        self.spokes: dict[str, Person] = {}

    def titles(self, role: str) -> tuple[str, ...]:
        return {DEF: self.defence, FOR: self.foreign, HOS: (self.hos,), HOG: (self.hog,)}[role]

    def roles(self, cls: str) -> list[str]:
        if cls == "leaders":
            return [r for r in (HOS, HOG) if r in self.posts]
        return [cls] if cls in self.posts else []


class Person:
    __slots__ = ("pid", "tokens", "short", "gender", "country", "role", "variant", "name", "term")

    def __init__(self, pid, tokens, short, gender, country, role):
        self.pid, self.tokens, self.short, self.gender = pid, tokens, short, gender
        self.country, self.role = country, role
        self.name = " ".join(tokens)
        self.variant = None
        self.term = None

    @property
    def his(self) -> str:
        return "his" if self.gender == "m" else "her"

    @property
    def he(self) -> str:
        return "he" if self.gender == "m" else "she"


class Term:
    __slots__ = ("person", "start", "end", "initial")

    def __init__(self, person, start, end, initial):
        self.person, self.start, self.end, self.initial = person, start, end, initial


class World:
    def __init__(self, rng: Random):
        self.rng = rng
        self.people: list[Person] = []
        self.tokens: set[str] = set()          # every name token in use (normalised)
        self.shorts: set[str] = set()          # short forms in use
        self.forms_by_token: dict[str, list[str]] = {}   # first/last token -> normalised full forms
        self.reserved = self._reserved()
        self.countries = [Country(row) for row in COUNTRIES]
        for c in self.countries:
            for role in (DEF, FOR, HOS, HOG):
                if c.titles(role)[0] is None:
                    continue
                c.posts[role] = self._timeline(c, role)
            c.lawmakers = [self._person(c.culture, c, LEG) for _ in range(2)]
            c.spokes = {DEF: self._person(c.culture, c, SPOKE), FOR: self._person(c.culture, c, SPOKE)}
        self.reporters = [self._person(REPORTER_CULTURES[i % len(REPORTER_CULTURES)], None, None) for i in range(40)]
        self.by_class = {cls: [c for c in self.countries if c.roles(cls)] for cls in (DEF, FOR, "leaders")}

    @staticmethod
    def _reserved() -> set[str]:
        words = {"the", "and", "said", "he", "she", "minister", "president", "premier", "king", "queen", "chancellor",
                 "secretary", "state", "chief", "general", "may", "will"}
        for c in COUNTRIES:
            for part in (c[0], c[1], c[2]):
                words.update(norm_name(part).split())
        for name, _ in CELEBRITIES:
            words.update(norm_name(name).split())
        return words

    def _timeline(self, c: Country, role: str) -> list[Term]:
        rng = self.rng
        leader = role in (HOS, HOG)
        terms, start, initial = [], START, True
        while start <= dt.date(2025, 12, 31):
            months = rng.randint(36, 78) if leader else rng.randint(20, 60)
            if initial:
                months = rng.randint(6, months)
            nxt = add_months(start, months, rng.randint(1, 12))
            p = self._person(c.culture, c, role)
            t = Term(p, start, nxt - dt.timedelta(days=1), initial)
            p.term = t
            terms.append(t)
            start, initial = nxt, False
        terms[-1].end = END
        return terms

    def _candidate(self, culture: str, gender: str) -> tuple[list[str], int]:
        rng, spec = self.rng, CULTURES[culture]
        given = rng.choice(spec["male" if gender == "m" else "female"].split())
        order = spec.get("order", "gs")
        if order == "sg":
            if rng.random() < 0.8:
                given = given + rng.choice(spec["second"].split())
            return [rng.choice(spec["surnames"].split()), given], 0
        if order == "fmg":
            middle = rng.choice(spec["middle_m" if gender == "m" else "middle_f"].split())
            return [rng.choice(spec["family"].split()), middle, given], 2
        surname = rng.choice(spec["pre"].split()) + rng.choice(spec["suf"].split())
        if gender == "f" and culture in ("slavic", "central_asian", "central"):
            surname = FEMININE.sub(lambda m: FEMININE_ENDINGS[m.group(1)], surname)
        return [given, surname], 1

    def _person(self, culture: str, country: Country | None, role: str | None) -> Person:
        rng = self.rng
        gender = "m" if rng.random() < 0.7 else "f"
        for attempt in range(400):
            tokens, short_i = self._candidate(culture, gender)
            if attempt > 200:  # a crowded culture: one more syllable makes a new surname
                tokens[short_i] = tokens[short_i] + rng.choice(("an", "ov", "er", "in", "el", "ar"))
            ok, forms = self._fits(tokens, short_i)
            if ok:
                break
        else:  # pragma: no cover - the name space is far larger than the world
            raise RuntimeError(f"cannot invent a unique {culture} name")
        p = Person(len(self.people), tokens, tokens[short_i], gender, country, role)
        if tokens[0] in VARIANTS and len(forms) == 2:
            p.variant = " ".join([VARIANTS[tokens[0]], *tokens[1:]])
        self.people.append(p)
        for n in tokens:
            self.tokens.add(n.lower())
        self.shorts.add(tokens[short_i].lower())
        for f in forms:
            parts = f.split()
            for tok in {parts[0], parts[-1]}:
                self.forms_by_token.setdefault(tok, []).append(f)
        return p

    def _fits(self, tokens: list[str], short_i: int) -> tuple[bool, list[str]]:
        short = tokens[short_i].lower()
        low = [t.lower() for t in tokens]
        if short in self.tokens or short in self.reserved or len(short) < 3:
            return False, []
        if any(t in self.shorts for t in low) or any(t in self.reserved for t in low):
            return False, []
        forms = [norm_name(" ".join(tokens))]
        if tokens[0] in VARIANTS:
            variant = norm_name(" ".join([VARIANTS[tokens[0]], *tokens[1:]]))
            if ratio(forms[0], variant) >= 92:      # the extractor merges at 88
                forms.append(variant)
        # no other person's name may be close enough for the extractor to merge it with this one
        for f in forms:
            parts = f.split()
            for tok in {parts[0], parts[-1]}:
                for other in self.forms_by_token.get(tok, ()):
                    if len(other.split()) == len(parts) and ratio(f, other) >= 80:
                        return False, []
        return True, forms

    def holder(self, c: Country, role: str, day: dt.date) -> Person | None:
        """The holder on `day`, if the day is at least MARGIN days from either end of the term."""
        for t in c.posts[role]:
            if t.start <= day <= t.end:
                lo = t.start if t.initial else t.start + dt.timedelta(days=MARGIN)
                hi = t.end - dt.timedelta(days=MARGIN)
                return t.person if lo <= day <= hi else None
        return None


# ---------------------------------------------------------------------------------------------
# Events and their reports
# ---------------------------------------------------------------------------------------------


class Report:
    __slots__ = ("planned", "pub", "dated", "mode")

    def __init__(self, planned, pub, dated, mode):
        self.planned, self.pub, self.dated, self.mode = planned, pub, dated, mode


class Event:
    def __init__(self, eid, kind, cls, a, b, day, place, extra):
        self.eid, self.kind, self.cls = eid, kind, cls
        self.a, self.b = a, b          # for a visit: a travels to b's capital
        self.day, self.place, self.extra = day, place, extra   # extra: further days of a visit
        self.reports: list[Report] = []
        self.next = 0
        self.keys: list[str] = []
        self.dates: list[tuple] = []   # what each report's text justifies
        self.statuses: list[str] = []
        self.statements: dict[tuple, list[str]] = {}   # (speaker, quote, kind, tier) -> article keys
        self.quotes: dict[int, list[str]] = {}         # speaker pid -> quote bank


def new_event(rng: Random, world: World, eid: int) -> Event:
    while True:
        kind = rng.choices(("in_person", "visit", "phone_call", "video_call"), (28, 30, 27, 15))[0]
        cls = rng.choices((DEF, FOR, "leaders"), (37, 37, 26))[0]
        ca, cb = rng.sample(world.by_class[cls], 2)
        day = EVENTS_FROM + dt.timedelta(days=rng.randint(0, (EVENTS_TO - EVENTS_FROM).days))
        a = world.holder(ca, rng.choice(ca.roles(cls)), day)
        b = world.holder(cb, rng.choice(cb.roles(cls)), day)
        if a is None or b is None:
            continue
        if kind == "visit":
            place = cb.capital
        elif kind == "in_person":
            third = rng.choice([c for c in world.countries if c is not ca and c is not cb])
            place = third.capital
        else:
            place = None
        ev = Event(eid, kind, cls, a, b, day, place, rng.choice((0, 1, 1, 2)) if kind == "visit" else 0)
        k = rng.choices((1, 2, 3), (55, 30, 15))[0]
        planned_one = kind in ("visit", "in_person") and rng.random() < 0.22
        for i in range(k):
            planned = planned_one and i == 0
            if planned:
                pub = day - dt.timedelta(days=rng.randint(2, 13))
            else:
                r = rng.random()
                delta = 0 if r < 0.25 else 1 if r < 0.6 else rng.randint(2, 6) if r < 0.82 else rng.randint(7, 40)
                pub = day + dt.timedelta(days=delta)
            dated = rng.random() >= 0.15
            mode = None
            if dated:
                mode = rng.choices(("dateline", "sidecar", "wire"), (90, 5, 5))[0]
            ev.reports.append(Report(planned, pub, dated, mode))
        rng.shuffle(ev.reports)
        return ev


# ---------------------------------------------------------------------------------------------
# Time expressions: the phrase an article uses and the date its text justifies
# ---------------------------------------------------------------------------------------------
# a justified date: ("day", d) | ("range", lo, hi) | ("month", y, m) | None (not resolvable)


def held_when(rng: Random, e: dt.date, p: dt.date, dated: bool) -> tuple[str, tuple | None]:
    delta = (p - e).days
    opts = []
    if 0 <= delta <= 6:
        opts.append((50, "weekday"))
    if delta == 1:
        opts.append((6, "yesterday"))
    opts += [(12, "monthday"), (8, "full")]
    if monday(e) == monday(p) - dt.timedelta(days=7):
        opts.append((8, "lastweek"))
    if monday(e) == monday(p) and delta >= 1:
        opts.append((4, "thisweek"))
    if (e.year * 12 + e.month) == (p.year * 12 + p.month) - 1:
        opts.append((7, "lastmonth"))
    if e.month == p.month and e.year == p.year and delta >= 3:
        opts.append((5, "thismonth"))
    how = rng.choices([o[1] for o in opts], [o[0] for o in opts])[0]
    day = ("day", e)
    if how == "weekday":
        return f"on {WEEKDAYS[e.weekday()]}", day if dated else None
    if how == "yesterday":
        return "yesterday", day if dated else None
    if how == "monthday":
        return f"on {MONTHS[e.month - 1]} {e.day}", day if dated else None
    if how == "full":
        return f"on {mdy(e)}", day
    if how == "lastweek":
        return "last week", ("range", monday(e), monday(e) + dt.timedelta(days=6)) if dated else None
    if how == "thisweek":
        return "earlier this week", ("range", monday(e), monday(e) + dt.timedelta(days=6)) if dated else None
    if how == "lastmonth":
        return "last month", ("month", e.year, e.month) if dated else None
    return "earlier this month", ("month", e.year, e.month) if dated else None


def planned_when(rng: Random, e: dt.date, extra: int, p: dt.date, dated: bool) -> tuple[str, tuple | None]:
    delta = (e - p).days
    opts = [(12, "monthday")]
    if 1 <= delta <= 6:
        opts.append((30, "weekday"))
    if monday(e) == monday(p) + dt.timedelta(days=7):
        opts.append((35, "nextweek"))
    if extra:
        opts.append((15, "range"))
    if e.month == p.month and e.year == p.year and delta >= 3:
        opts.append((5, "thismonth"))
    how = rng.choices([o[1] for o in opts], [o[0] for o in opts])[0]
    if how == "weekday":
        return f"on {WEEKDAYS[e.weekday()]}", ("day", e) if dated else None
    if how == "monthday":
        return f"on {MONTHS[e.month - 1]} {e.day}", ("day", e) if dated else None
    if how == "nextweek":
        return "next week", ("range", monday(e), monday(e) + dt.timedelta(days=6)) if dated else None
    if how == "range":
        last = e + dt.timedelta(days=extra)
        text = (f"from {MONTHS[e.month - 1]} {e.day} to {last.day}" if last.month == e.month
                else f"from {MONTHS[e.month - 1]} {e.day} to {MONTHS[last.month - 1]} {last.day}")
        return text, ("range", e, last) if dated else None
    return "later this month", ("month", e.year, e.month) if dated else None


def best_date(cands: list[tuple]) -> tuple | None:
    def rank(c):
        if c[0] == "day":
            return (0, 0)
        if c[0] == "range":
            return (0, (c[2] - c[1]).days)
        return (1, 0)
    known = [c for c in cands if c is not None]
    return min(known, key=rank) if known else None


def date_yaml(c: tuple) -> str:
    if c[0] == "day":
        return q(iso(c[1]))
    if c[0] == "range":
        return f"{{start: {q(iso(c[1]))}, end: {q(iso(c[2]))}}}"
    return q(f"{c[1]:04d}-{c[2]:02d}")


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


class Article:
    """What one article says, as it is written: the names it uses, who it titles, what it dates."""

    def __init__(self, rng: Random, outlet, pub: dt.date, dated: bool, planned: bool):
        self.rng, self.outlet, self.pub, self.dated, self.planned = rng, outlet, pub, dated, planned
        self.us = outlet[2] == "us"
        self.curly = outlet[3] == "curly"
        self.forms: dict[int, str] = {}        # pid -> full name as this article spells it
        self.used: dict[int, set] = {}          # pid -> surface forms used
        self.titled: dict[int, Person] = {}     # pid -> person whose office the article states
        self.starts: dict[int, str] = {}        # pid -> stated start (YYYY-MM)
        self.statements: list[tuple] = []       # (speaker pid, quote, kind, tier)
        self.persons: dict[int, Person] = {}

    # -- names and titles ------------------------------------------------------------------------
    def full(self, p: Person) -> str:
        form = self.forms.get(p.pid)
        if form is None:
            form = p.variant if p.variant and self.rng.random() < 0.35 else p.name
            self.forms[p.pid] = form
        self.persons[p.pid] = p
        self.used.setdefault(p.pid, set()).add(form)
        return form

    def short(self, p: Person) -> str:
        self.used.setdefault(p.pid, set()).add(p.short)
        return p.short

    def spell(self, title: str) -> str:
        return title.replace("Defence", "Defense") if self.us else title

    def title_of(self, p: Person) -> str:
        return self.spell(self.rng.choice(p.country.titles(p.role)))

    def ref(self, p: Person, style: str = "dem", other: Person | None = None) -> str:
        """First mention with a title that states the office."""
        c = p.country
        self.titled[p.pid] = p
        name = self.full(p)
        if style == "counterpart" and other is not None:
            comma = self.rng.random() < 0.5
            return f"{other.his} {c.dem} counterpart, {name}," if comma else f"{other.his} {c.dem} counterpart {name}"
        if style == "appos":
            return f"{name}, the {c.dem} {self.title_of(p).lower()},"
        if style == "poss" and c.name not in THE_COUNTRIES:
            return f"{c.name}'s {self.title_of(p)} {name}"
        return f"{c.dem} {self.title_of(p)} {name}"

    def refs(self, a: Person, b: Person, allow_counterpart: bool = True) -> tuple[str, str]:
        rng = self.rng
        sa = rng.choices(("dem", "poss", "appos"), (70, 15, 15))[0]
        ra = self.ref(a, sa)
        if allow_counterpart and a.role == b.role and rng.random() < 0.35:
            return ra, self.ref(b, "counterpart", a)
        sb = rng.choices(("dem", "poss", "appos"), (70, 15, 15))[0]
        return ra, self.ref(b, sb)

    # -- quotes ------------------------------------------------------------------------------------
    def quoted(self, text: str) -> str:
        return f"“{text}”" if self.curly else f'"{text}"'

    def say(self, p: Person, quote: str, second: str | None, after_quote_by_same: bool = False,
            tier: str = "core") -> str:
        """A direct quote with its attribution; records the gold statement."""
        rng = self.rng
        sur = self.short(p)
        if second is not None:
            body = f"{quote}. {second}"
            lead = cap(p.he) if after_quote_by_same and rng.random() < 0.5 else sur
            verb = "added" if after_quote_by_same else "said"
            self.statements.append((p.pid, body, "direct", tier))
            return f"{lead} {verb}: {self.quoted(body)}"
        self.statements.append((p.pid, quote, "direct", tier))
        form = rng.randrange(5)
        if form == 0:
            return f"{self.quoted(quote + ',')} {sur} said."
        if form == 1:
            return f"{self.quoted(quote + ',')} said {sur}."
        if form == 2:
            return f"{self.quoted(quote + ',')} {sur} told reporters."
        if form == 3:
            return f"{self.quoted(quote + ',')} {sur} was quoted as saying by state media."
        return f"{sur} said: {self.quoted(quote + '.')}"


def quote_text(rng: Random) -> str:
    return f"{rng.choice(Q_SUBJ)} {rng.choice(Q_VERB)} {rng.choice(Q_OBJ).format(t=rng.choice(TOPICS))}"


def fill(rng: Random, template: str, ca: Country, cb: Country) -> str:
    t, t2 = rng.sample(TOPICS, 2)
    return template.format(CA=cap(ca.display), CB=cap(cb.display), ca=ca.display, cb=cb.display, da=ca.dem, db=cb.dem,
                           t=t, t2=t2, capA=ca.capital, dem=ca.dem)


def role_plural(ev: Event) -> str:
    return {DEF: "defence ministers", FOR: "foreign ministers"}.get(ev.cls, "leaders")


def lead_sentence(art: Article, ev: Event, planned: bool, when: str) -> str:
    rng = art.rng
    a, b, city = ev.a, ev.b, ev.place
    tail = rng.choice(TAILS).format(t=rng.choice(TOPICS))
    if planned:
        src = rng.choice(PLANNED_SOURCES).format(dem=a.country.dem)
        ra, rb = art.refs(a, b)
        if ev.kind == "visit":
            form = rng.randrange(3)
            if form == 0:
                return f"{ra} will travel to {city} {when} for talks with {rb}, {src}."
            if form == 1:
                return f"{ra} will pay an official visit to {city} {when}, where {a.he} is expected to hold talks with {rb}."
            return f"{ra} is due to visit {city} {when} for talks with {rb}, {src}."
        if rng.random() < 0.5:
            return f"{ra} will hold talks with {rb} in {city} {when}, {src}."
        return f"{ra} and {rb} will meet in {city} {when} on the sidelines of {rng.choice(FORUMS)}, {src}."
    if ev.kind == "in_person":
        form = rng.randrange(5)
        ra, rb = art.refs(a, b, allow_counterpart=form in (0, 1))
        if form == 0:
            return f"{ra} held talks with {rb} in {city} {when}, {tail}."
        if form == 1:
            return f"{ra} met {rb} on the sidelines of {rng.choice(FORUMS)} in {city} {when}."
        if form == 2:
            return f"{ra} and {rb} met in {city} {when} for talks on {rng.choice(TOPICS)}."
        if form == 3:
            return f"{ra} and {rb} held talks in {city} {when}, {tail}."
        return f"{cap(when)}, {ra} met {rb} in {city}, {tail}."
    if ev.kind == "visit":
        form = rng.randrange(4)
        if form == 1:   # the host receives the visitor
            rb, ra = art.refs(b, a)
            return f"{rb} received {ra} in {city} {when}, {tail}."
        ra, rb = art.refs(a, b)
        if form == 0:
            return f"{ra} paid an official visit to {city} {when}, where {a.he} held talks with {rb}."
        if form == 2:
            return f"{ra} visited {city} {when} and held talks with {rb}, {tail}."
        return f"{ra} arrived in {city} {when} for talks with {rb}, {tail}."
    if ev.kind == "phone_call":
        form = rng.randrange(5)
        ra, rb = art.refs(a, b, allow_counterpart=form in (0, 1, 3))
        if form == 0:
            return f"{ra} spoke by phone with {rb} {when}, {tail}."
        if form == 1:
            return f"{ra} held a telephone conversation with {rb} {when}, {tail}."
        if form == 2:
            return f"{ra} and {rb} spoke by telephone {when}, {tail}."
        if form == 3:
            return f"{ra} had a phone call with {rb} {when}, {tail}."
        t, t2 = rng.sample(TOPICS, 2)
        return f"In a phone call {when}, {ra} and {rb} discussed {t} and {t2}."
    form = rng.randrange(5)
    ra, rb = art.refs(a, b, allow_counterpart=form in (0, 2))
    if form == 0:
        return f"{ra} held a video call with {rb} {when}, {tail}."
    if form == 1:
        return f"{ra} and {rb} held a virtual meeting {when}, {tail}."
    if form == 2:
        return f"{ra} spoke with {rb} by video link {when}, {tail}."
    if form == 3:
        return f"{ra} and {rb} held talks by video conference {when}."
    return f"{ra} and {rb} met virtually {when}, {tail}."


def appointment_sentence(art: Article, ev: Event, p: Person, other: Person) -> str | None:
    """A sentence stating when `p` took up the post, if it can (records the stated start)."""
    t = p.term
    if t is None or t.initial:
        return None
    rng = art.rng
    start = t.start
    months_before = (art.pub.year * 12 + art.pub.month) - (start.year * 12 + start.month)
    short_form = art.dated and 0 <= months_before <= 10 and rng.random() < 0.4
    when = MONTHS[start.month - 1] if short_form else f"{MONTHS[start.month - 1]} {start.year}"
    art.starts[p.pid] = month_iso(start)
    sur = art.short(p)
    tail = rng.choice(APPOINT_TAILS).format(t=rng.choice(TOPICS), cb=other.country.display)
    form = rng.randrange(4)
    leader = p.role in (HOS, HOG)
    if form == 0:
        if leader:
            return f"{sur}, who was sworn in as {art.title_of(p).lower()} in {when}, {tail}."
        return f"{sur}, who was appointed in {when}, {tail}."
    if form == 1:
        return f"{sur}, who took office in {when}, {tail}."
    if form == 2:
        verb = "took office as" if leader else "was appointed"
        return f"{sur} {verb} {art.title_of(p).lower()} in {when} and {tail}."
    noun = {"in_person": "meeting", "phone_call": "phone call", "video_call": "video call"}.get(ev.kind)
    if noun is None:
        return f"{sur}, who took office in {when}, {tail}."
    tense = "will be" if art.planned else "was"
    return f"It {tense} the first {noun} between the two {role_plural(ev)} since {sur} took office in {when}."


def event_quotes(rng: Random, ev: Event, p: Person) -> list[str]:
    bank = ev.quotes.get(p.pid)
    if bank is None:
        # distinct within the event, so that no speaker's words are another speaker's quote
        taken = {t for other in ev.quotes.values() for t in other}
        bank = []
        while len(bank) < 2:
            t = quote_text(rng)
            if t not in taken and t not in bank:
                bank.append(t)
        ev.quotes[p.pid] = bank
    return bank


def headline(rng: Random, ev: Event, planned: bool) -> str:
    a, b = ev.a, ev.b
    ca, cb = a.country, b.country
    sa, sb = a.short, b.short
    rp = role_plural(ev)
    if planned:
        if ev.kind == "visit":
            opts = [f"{sa} to visit {cb.display} for talks with {sb}", f"{ca.headline_dem} {rp[:-1]} to travel to {ev.place}",
                    f"{sa} set for official visit to {ev.place}"]
        else:
            opts = [f"{sa} and {sb} to hold talks in {ev.place}", f"{ca.headline_dem} and {cb.headline_dem} {rp} to meet in {ev.place}"]
    elif ev.kind == "in_person":
        opts = [f"{sa} and {sb} hold talks in {ev.place}", f"{ca.headline_dem} and {cb.headline_dem} {rp} meet in {ev.place}",
                f"{sa} meets {sb} on sidelines of security forum"]
    elif ev.kind == "visit":
        opts = [f"{sa} visits {cb.display} for talks with {sb}", f"{sb} receives {ca.headline_dem} {rp[:-1]} in {ev.place}",
                f"{ca.headline_dem} {rp[:-1]} {sa} in {ev.place} for talks"]
    elif ev.kind == "phone_call":
        opts = [f"{sa} and {sb} discuss {rng.choice(TOPICS)} by phone", f"{ca.headline_dem} and {cb.headline_dem} {rp} speak by phone",
                f"{sa} and {sb} hold phone talks as ties deepen"]
    else:
        opts = [f"{sa} and {sb} hold video call on {rng.choice(TOPICS)}", f"{ca.headline_dem} and {cb.headline_dem} {rp} hold virtual talks",
                f"{sa}, {sb} speak by video link"]
    return cap(rng.choice(opts))


def dateline_text(rng: Random, d: dt.date) -> str:
    form = rng.randrange(7)
    if form == 0:
        return f"{MON3[d.month - 1]} {d.day}, {d.year}"
    if form == 1:
        return mdy(d)
    if form == 2:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if form == 3:
        return f"{WEEKDAYS[d.weekday()]}, {mdy(d)}"
    if form == 4:
        return f"{iso(d)} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    if form == 5:
        return f"Published: {d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"Updated {MON3[d.month - 1]} {d.day}, {d.year} {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"


def render_date(rng: Random, pub: dt.date) -> dt.date:
    """The page's render date in the banner: far from the story date."""
    later = pub + dt.timedelta(days=rng.randint(150, 1400))
    if later <= dt.date(2026, 12, 31):
        return later
    return pub - dt.timedelta(days=rng.randint(150, 1400))


def top_chrome(rng: Random, outlet, render: dt.date, city: str, celebs: list[str]) -> list[str]:
    layout = outlet[4] if rng.random() < 0.8 else rng.randrange(6)
    temp = rng.randint(-5, 38)
    sky = rng.choice(SKIES)
    secs = rng.sample(SECTIONS, 6)
    banner_long = f"{WEEKDAYS[render.weekday()]}, {mdy(render)}"
    banner_uk = f"{WEEKDAYS[render.weekday()]} {render.day} {MONTHS[render.month - 1]} {render.year}"
    trending = None
    if rng.random() < 0.25:
        celeb = rng.choice(CELEBRITIES)
        celebs.append(celeb[0])
        trending = f"TRENDING: {celeb[0]} {rng.choice(TICKER_ACTIONS[celeb[1]])}"   # short: not a story paragraph
    elif rng.random() < 0.3:
        trending = f"BREAKING: {rng.choice(TICKERS)}"
    if layout == 0:
        lines = [f"{temp}°C  {sky}  |  {city}", banner_long, "Home   " + "   ".join(secs) + "   Video   Podcasts",
                 "Sign in  |  Subscribe"]
    elif layout == 1:
        lines = ["≡ MENU     " + "   ".join(secs[:5]), f"{banner_uk}  |  Today's paper  |  {city} {temp}°C, {sky.lower()}",
                 "Sign up for our morning briefing →"]
    elif layout == 2:
        lines = [f"{temp}.{rng.randint(0, 9)} C", city, banner_long, "Advertisement"]
    elif layout == 3:
        lines = ["".join(s.replace(" ", "") for s in secs[:4]), f"{banner_uk}  ·  {city} {temp}°C"]
    elif layout == 4:
        lines = [f"☰  {outlet[0].upper()}", f"{banner_uk}  ·  {city} {temp}°C  ·  Members' area",
                 "  |  ".join(secs[:6])]
    else:
        lines = []
    if trending and lines:
        lines.append(trending)
    return lines


def bottom_chrome(rng: Random, outlet, render: dt.date, celebs: list[str]) -> list[str]:
    style = outlet[5] if rng.random() < 0.8 else rng.randrange(5)
    lines = []
    if style in (0, 2) or rng.random() < 0.3:
        lines.append("Source link")
    lines.append(rng.choice(END_MARKERS[1:]) if lines == [] else rng.choice(("Related Articles", "You might also like",
                                                                            "More from World", "Most Popular")))
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.55:
            celeb = rng.choice(CELEBRITIES)
            celebs.append(celeb[0])
            lines += [f"{celeb[0]} {rng.choice(CELEB_ACTIONS[celeb[1]])}", rng.choice(SNIPPETS)]
        else:
            lines += list(rng.choice(OTHER_TEASERS))
    if style in (0, 3):
        lines.append("Share this article:  Facebook  |  X  |  WhatsApp  |  Email")
    if style == 1:
        lines += ["How useful was this article?", "Click on a star to rate it!", "Average rating 0 / 5. Vote count: 0"]
    elif style == 2:
        lines.append(f"Rate this story:  {'★' * rng.randint(2, 5)}{'☆' * rng.randint(0, 2)}  ({rng.randint(3, 90)} votes)")
    elif style == 4:
        lines += ["Leave a Reply", "Your email address will not be published."]
    if rng.random() < 0.5:
        lines.append("Comments are closed.")
    lines.append(f"© {render.year} {outlet[0]} Ltd. All rights reserved.")
    if style == 4:
        lines.append("Back to top")
    return lines


def write_article(rng: Random, world: World, ev: Event, rep: Report, number: int) -> dict:
    """Render one report of `ev`: the page text, its metadata and what the text states."""
    outlet = rng.choice(OUTLETS)
    art = Article(rng, outlet, rep.pub, rep.dated, rep.planned)
    a, b = ev.a, ev.b
    planned = rep.planned
    fillers = FILLER + (FILLER_BEFORE if planned else FILLER_AFTER)
    seconds = Q_SECOND + ([] if planned else Q_SECOND_AFTER)
    if planned:
        when, justified = planned_when(rng, ev.day, ev.extra, rep.pub, rep.dated)
    else:
        when, justified = held_when(rng, ev.day, rep.pub, rep.dated)
    lead = re.sub(r",([.,])", r"\1", lead_sentence(art, ev, planned, when))   # an apposition's comma at the end
    if len(re.findall(r"[^\W\d_][\w'’-]*", lead)) < 17:   # the loader takes a story paragraph to have 15+ words
        lead = lead[:-1] + ", officials said."
    paras = [lead]
    if ev.kind in ("visit", "in_person") or rng.random() < 0.5:
        city = ev.place or rng.choice((a.country.capital, b.country.capital))
        if rng.random() < 0.6:
            paras[0] = f"{city.upper()} — {paras[0]}"
    else:
        city = rng.choice((a.country.capital, b.country.capital))
    # background: when a participant took office
    for p, other in ((a, b), (b, a)):
        if rng.random() < 0.3:
            s = appointment_sentence(art, ev, p, other)
            if s:
                paras.append(s)
                break
    # quotes of the participants, from the event's bank (several reports may quote the same words)
    speakers = [a, b] if rng.random() < 0.55 else [rng.choice((a, b))]
    if rng.random() < 0.5:
        speakers.reverse()
    for p in speakers:
        bank = event_quotes(rng, ev, p)
        i = rng.randrange(2)
        if rng.random() < 0.25:
            paras.append(art.say(p, bank[i], rng.choice(seconds)))
        else:
            paras.append(art.say(p, bank[i], None))
            if rng.random() < 0.3:
                paras[-1] += " " + art.say(p, bank[1 - i], rng.choice(seconds), after_quote_by_same=True)
        if rng.random() < 0.5:
            paras.append(fill(rng, rng.choice(fillers), a.country, b.country))
    if rng.random() < 0.3:   # a paraphrase (stretch: needs --indirect-speech)
        p = rng.choice((a, b))
        clause = rng.choice(INDIRECT).format(o=rng.choice(Q_OBJ).format(t=rng.choice(TOPICS)), c=p.country.display)
        paras.append(f"{art.short(p)} said that {clause}.")
        art.statements.append((p.pid, clause, "indirect", "stretch"))
    if rng.random() < 0.18:  # a lawmaker's reaction
        c = rng.choice((a.country, b.country))
        lm = rng.choice(c.lawmakers)
        art.titled[lm.pid] = lm
        name = art.full(lm)
        text = rng.choice(LAWMAKER_Q)
        art.statements.append((lm.pid, text, "direct", "core"))
        if rng.random() < 0.5:
            paras.append(f"{art.quoted(text + ',')} said {name}, {a_or_an(c.dem)} {c.dem} lawmaker.")
        else:
            paras.append(f"{name}, {a_or_an(c.dem)} {c.dem} lawmaker, said: {art.quoted(text + '.')}")
    elif ev.cls in (DEF, FOR) and rng.random() < 0.18:  # a ministry spokesperson
        c = rng.choice((a.country, b.country))
        sp = c.spokes[ev.cls]
        art.titled[sp.pid] = sp
        name = art.full(sp)
        text = rng.choice(SPOKES_Q + ([] if planned else SPOKES_Q_AFTER))
        art.statements.append((sp.pid, text, "direct", "core"))
        word = rng.choice(("spokesperson", "spokesman" if sp.gender == "m" else "spokeswoman"))
        ministry = "Defence Ministry" if ev.cls == DEF else "Foreign Ministry"
        if c.name == "United States":
            ministry = "Pentagon" if ev.cls == DEF else "State Department"
            paras.append(f"{ministry} {word} {name} said: {art.quoted(text + '.')}")
        else:
            paras.append(f"{c.dem} {art.spell(ministry)} {word} {name} said: {art.quoted(text + '.')}")
    if rng.random() < 0.6:
        paras.append(fill(rng, rng.choice(fillers), a.country, b.country))
    if rep.mode == "wire":
        d = rep.pub
        what = "details of the plans" if planned else "a readout of the exchange"
        paras.append(f"The {a.country.dem} government released {what}, officials said "
                     f"{WEEKDAYS[d.weekday()]}, {mdy(d)}.")
    if rng.random() < 0.5:
        paras.append(rng.choice(CLOSINGS + ([] if planned else CLOSINGS_AFTER)))

    title = headline(rng, ev, planned)
    render = render_date(rng, rep.pub)
    celebs: list[str] = []
    top = top_chrome(rng, outlet, render, city, celebs)
    header = []
    reporter = None
    if rng.random() < 0.3:
        reporter = rng.choice(world.reporters)
        header.append(f"By {reporter.name}")
    if rep.mode == "dateline":
        line = dateline_text(rng, rep.pub)
        if header and rng.random() < 0.5:
            header.append(line)
        else:
            header.insert(0, line)
    if rng.random() < 0.08:
        header.append("[ad_1]")
    shown_title = title
    if rng.random() < 0.1:
        shown_title = f"{title} — {outlet[0]}"
    bottom = bottom_chrome(rng, outlet, render, celebs)
    indent = "    " if rng.random() < 0.08 else ""
    parts = []
    if top:
        parts.append("\n".join(top))
    parts.append(shown_title)
    if header:
        parts.append("\n".join(header))
    parts.append("\n\n".join(indent + p for p in paras))
    parts.append("\n\n".join(bottom))
    text = "\n\n".join(parts) + "\n"
    section = rng.choice(("world", "politics", "news", "international"))
    url = f"https://www.{outlet[1]}.example/{section}/{rep.pub.year}/{rep.pub.month:02d}/{rep.pub.day:02d}/{slugify(title)}-{number}"
    return {"text": text, "title": title, "art": art, "justified": justified, "outlet": outlet[0], "url": url,
            "reporter": reporter, "celebs": celebs}


# ---------------------------------------------------------------------------------------------
# The gold file, accumulated compactly and written in sections
# ---------------------------------------------------------------------------------------------


class Gold:
    def __init__(self, outdir: Path):
        self.parts = {name: open(outdir / f".gold-{name}.part", "w", encoding="utf-8")
                      for name in ("articles", "meetings", "statements")}
        self.aliases: dict[int, set] = {}               # pid -> surface forms used
        self.office_arts: dict[int, array] = {}         # pid -> article numbers titling the person
        self.office_start: dict[int, str] = {}          # pid -> stated start
        self.dated_pubs: dict[int, list] = {}           # pid -> [first, last] dated attestation (ordinals)
        self.allowed: set[str] = set()
        self.forbidden: set[str] = set()
        self.counts = {"meetings": 0, "statements": 0, "planned_only": 0, "unknown_dates": 0}

    def article(self, key: str, title: str, pub: dt.date, dated: bool) -> None:
        if dated:
            line = f"  - {{file: {q(key)}, title: {q(title)}, published: {q(iso(pub))}}}\n"
        else:
            line = f"  - {{file: {q(key)}, title: {q(title)}, published: unknown, true_published: {q(iso(pub))}}}\n"
        self.parts["articles"].write(line)

    def facts(self, number: int, art: Article) -> None:
        for pid, forms in art.used.items():
            self.aliases.setdefault(pid, set()).update(forms)
        for pid in art.titled:
            arr = self.office_arts.get(pid)
            if arr is None:
                arr = self.office_arts[pid] = array("i")
            arr.append(number)
            if art.dated:
                o = art.pub.toordinal()
                span = self.dated_pubs.get(pid)
                if span is None:
                    self.dated_pubs[pid] = [o, o]
                else:
                    span[0], span[1] = min(span[0], o), max(span[1], o)
        for pid, start in art.starts.items():
            self.office_start[pid] = start

    def event(self, ev: Event, world: World) -> None:
        people = world.people
        kind = {"visit": "[visit, in_person]"}.get(ev.kind, ev.kind)
        best = best_date(ev.dates)
        if best is None:
            date = f"date: unknown, true_date: {q(iso(ev.day))}"
            self.counts["unknown_dates"] += 1
        else:
            date = f"date: {date_yaml(best)}"
        status = "held" if "held" in ev.statuses else "planned"
        if status == "planned":
            self.counts["planned_only"] += 1
        place = f", place: {q(ev.place)}" if ev.place else ""
        arts = ", ".join(q(k) for k in ev.keys)
        self.parts["meetings"].write(
            f"  - {{participants: [{q(people[ev.a.pid].name)}, {q(people[ev.b.pid].name)}], kind: {kind}, {date}{place}, "
            f"status: {status}, articles: [{arts}], tier: core}}\n")
        self.counts["meetings"] += 1
        out = self.parts["statements"]
        for (pid, quote, skind, tier), keys in ev.statements.items():
            kind_txt = ", kind: indirect" if skind == "indirect" else ""
            out.write(f"  - {{speaker: {q(people[pid].name)}, quote: {q(quote)}{kind_txt}, "
                      f"articles: [{', '.join(q(k) for k in keys)}], tier: {tier}}}\n")
            self.counts["statements"] += 1

    def finish(self, path: Path, world: World, keyof, header: str) -> dict:
        for f in self.parts.values():
            f.close()
        people = world.people
        tmp = path.with_name(path.name + ".tmp")
        n_persons = n_offices = 0
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(header)
            out.write("articles:\n")
            self._append(out, "articles")
            out.write("\npersons:\n")
            for pid in sorted(self.aliases):
                p = people[pid]
                aliases = sorted(self.aliases[pid] - {p.name})
                out.write(f"  - {{name: {q(p.name)}, aliases: [{', '.join(q(a) for a in aliases)}]}}\n")
                n_persons += 1
            out.write(f"\nallowed_persons: [{', '.join(q(n) for n in sorted(self.allowed))}]   # bylines\n")
            out.write("forbidden_persons:   # only in page chrome and teasers\n")
            for n in sorted(self.forbidden):
                out.write(f"  - {q(n)}\n")
            out.write("\noffices:\n")
            for pid in sorted(self.office_arts):
                p = people[pid]
                org = f", organization: {q(MINISTRY[FOR] if p is p.country.spokes[FOR] else MINISTRY[DEF])}" if p.role == SPOKE else ""
                start = f", start: {q(self.office_start[pid])}" if pid in self.office_start else ""
                arts = ", ".join(q(keyof(n)) for n in self.office_arts[pid])
                out.write(f"  - {{person: {q(p.name)}, role: {p.role}, country: {q(p.country.name)}{org}, "
                          f"articles: [{arts}]{start}, tier: core}}\n")
                n_offices += 1
            out.write("\nmeetings:\n")
            self._append(out, "meetings")
            out.write("\nstatements:\n")
            self._append(out, "statements")
            tenures = self._tenures(world)
            out.write("\n# What tenure listings must show: posts whose every holder in the corpus is dated by an\n"
                      "# article or a stated start; order by term, checks only where the text guarantees them.\n")
            out.write("tenures:\n" if tenures else "tenures: []\n")
            for block in tenures:
                out.write(block)
        os.replace(tmp, path)
        return {"persons": n_persons, "offices": n_offices, "tenures": len(tenures),
                "forbidden": len(self.forbidden), "allowed": len(self.allowed), **self.counts}

    def _append(self, out, name: str) -> None:
        part = Path(self.parts[name].name)
        with open(part, encoding="utf-8") as f:
            shutil.copyfileobj(f, out)
        part.unlink()

    def _tenures(self, world: World) -> list[str]:
        blocks = []
        candidates = []
        for c in world.countries:
            for role, terms in c.posts.items():
                seen = [t for t in terms if t.person.pid in self.office_arts]
                if len(seen) < 2:
                    continue
                if not all(t.person.pid in self.dated_pubs or t.person.pid in self.office_start for t in seen):
                    continue
                weight = sum(len(self.office_arts[t.person.pid]) for t in seen)
                candidates.append((-len(seen), -weight, c.name, role, seen))
        candidates.sort(key=lambda x: x[:4])
        for _, _, cname, role, seen in candidates[:8]:
            lines = [f"  - role: {role}\n", f"    country: {q(cname)}\n",
                     f"    order: [{', '.join(q(t.person.name) for t in seen)}]\n", "    checks:\n"]
            for i, t in enumerate(seen):
                pid = t.person.pid
                if pid in self.office_start:
                    lines.append(f"      - {{person: {q(t.person.name)}, start: {q(self.office_start[pid])}}}\n")
                if i + 1 < len(seen):
                    nxt = seen[i + 1]
                    if pid in self.dated_pubs:
                        # a dated attestation is published at most 40 days after an event that lies
                        # MARGIN (60) days before the term ends, and terms start on days 1-12: so it
                        # falls before the month in which the successor started
                        lines.append(f"      - {{person: {q(t.person.name)}, last_attested_before: {q(month_iso(nxt.start))}}}\n")
                    if nxt.person.pid in self.office_start:
                        lines.append(f"      - {{person: {q(t.person.name)}, end_not_after: "
                                     f"{q(self.office_start[nxt.person.pid])}, tier: stretch}}\n")
            if lines[-1] == "    checks:\n":
                lines[-1] = "    checks: []\n"
            blocks.append("".join(lines))
        return blocks


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

JSONL_LINES = 10_000          # a .jsonl file holds at most this many articles
JSONL_BYTES = 4_500_000       # and stays under the loader's default --max-bytes (5,000,000)
POOL = 6


def generate(n: int, outdir, seed: int = 0, fmt: str = "txt") -> dict:
    """Write n articles and their gold file under `outdir`; returns the counts."""
    if fmt not in ("txt", "jsonl"):
        raise ValueError(f"format must be txt or jsonl, not {fmt!r}")
    if n < 1:
        raise ValueError("n must be at least 1")
    started = time.process_time()
    outdir = Path(outdir)
    adir = outdir / "articles"
    adir.mkdir(parents=True, exist_ok=True)
    for old in adir.iterdir():   # a previous run's files would join this corpus
        if old.is_file() and re.fullmatch(r"(\d+_.*\.(txt|meta\.json)|part-\d+\.jsonl)", old.name):
            old.unlink()
    rng = Random(seed)
    world = World(rng)
    gold = Gold(outdir)
    width = max(6, len(str(n)))
    jsonl_file = None
    jsonl_names: list[str] = []
    jsonl_first: list[int] = []      # the article number on line 1 of each .jsonl file
    jsonl_lines = jsonl_bytes = 0
    file_names: dict[int, str] = {}
    counts = {"articles": 0, "dated": 0, "undated": 0, "planned_reports": 0, "events": 0, "files": 0}

    def keyof(number: int) -> str:
        if fmt == "jsonl":
            i = bisect.bisect_right(jsonl_first, number) - 1
            return f"{jsonl_names[i]}#{number - jsonl_first[i] + 1}"
        return f"{number:0{width}d}"

    pool: list[Event] = []
    eid = 0
    for number in range(1, n + 1):
        if not pool or (len(pool) < POOL and rng.random() < 0.45):
            eid += 1
            pool.append(new_event(rng, world, eid))
        ev = rng.choice(pool)
        rep = ev.reports[ev.next]
        ev.next += 1
        out = write_article(rng, world, ev, rep, number)
        art: Article = out["art"]
        if fmt == "txt":
            name = f"{number:0{width}d}_{slugify(out['title'])}.txt"
            file_names[number] = name
            with open(adir / name, "w", encoding="utf-8") as f:
                f.write(out["text"])
            counts["files"] += 1
            if rep.mode == "sidecar":
                meta = {"title": out["title"], "published": iso(rep.pub), "outlet": out["outlet"], "url": out["url"]}
                with open(adir / name.replace(".txt", ".meta.json"), "w", encoding="utf-8") as f:
                    f.write(json.dumps(meta, ensure_ascii=False) + "\n")
            file_key, fact_key = name, keyof(number)
        else:
            record = {"text": out["text"], "title": out["title"]}
            if rep.dated:
                record["published"] = iso(rep.pub)
            record["outlet"], record["url"] = out["outlet"], out["url"]
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            if jsonl_file is None or jsonl_lines == JSONL_LINES or jsonl_bytes + len(line) > JSONL_BYTES:
                if jsonl_file:
                    jsonl_file.close()
                jsonl_names.append(f"part-{len(jsonl_names) + 1:04d}.jsonl")
                jsonl_first.append(number)
                jsonl_file = open(adir / jsonl_names[-1], "wb")
                jsonl_lines = jsonl_bytes = 0
                counts["files"] += 1
            jsonl_file.write(line)
            jsonl_lines += 1
            jsonl_bytes += len(line)
            file_key = fact_key = keyof(number)
        gold.article(file_key, out["title"], rep.pub, rep.dated)
        gold.facts(number, art)
        if out["reporter"] is not None:
            gold.allowed.add(out["reporter"].name)
        gold.forbidden.update(out["celebs"])
        ev.keys.append(fact_key)
        ev.dates.append(out["justified"])
        ev.statuses.append("planned" if rep.planned else "held")
        for st in art.statements:
            ev.statements.setdefault(st, []).append(fact_key)
        counts["articles"] += 1
        counts["dated" if rep.dated else "undated"] += 1
        counts["planned_reports"] += rep.planned
        if ev.next == len(ev.reports):
            pool.remove(ev)
            gold.event(ev, world)
            counts["events"] += 1
    for ev in pool:   # events cut short by the end of the corpus: the reports written so far
        gold.event(ev, world)
        counts["events"] += 1
    if jsonl_file:
        jsonl_file.close()
    header = (f"# Gold facts for a generated corpus: python bench/corpus.py {n} OUTDIR --seed {seed} --format {fmt}\n"
              "# (format: ../shared/gold/FORMAT.md). Written from what each article's text states; people,\n"
              "# outlets and quotations are invented, countries and their capitals are real.\n")
    counts.update(gold.finish(outdir / "gold.yaml", world, keyof, header))
    counts["seconds"] = round(time.process_time() - started, 2)
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate a deterministic synthetic news corpus and its gold file.")
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("outdir", type=Path, help="output folder (articles/ and gold.yaml)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", dest="fmt", choices=("txt", "jsonl"), default="txt")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    c = generate(args.n, args.outdir, seed=args.seed, fmt=args.fmt)
    print(f"{c['articles']} articles ({c['dated']} dated, {c['undated']} undated, {c['planned_reports']} planned) "
          f"in {c['files']} {args.fmt} file(s), {c['events']} events, {c['persons']} persons, {c['offices']} offices, "
          f"{c['statements']} statements, {c['tenures']} tenures -> {args.outdir} ({c['seconds']:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
