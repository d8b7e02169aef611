"""One-paragraph reports through the whole pipeline: a new case is one line."""

from __future__ import annotations

import pytest

import incidex

PUBLISHED = "2024-06-12"  # a Wednesday

CASES = [
    # (report, field expectations of the first event)
    (
        "Gunmen shot dead three farmers in Kaura, Kaduna state, on Monday, police said.",
        {
            "sub_event_type": "Attack",
            "actor2": "Civilians (Nigeria)",
            "fatalities": 3,
            "event_date": "2024-06-10",
            "admin1": "Kaduna",
            "civilian_targeting": "Civilian targeting",
        },
    ),
    (
        "A roadside bomb killed four soldiers near Tillaberi in Niger on Tuesday.",
        {
            "sub_event_type": "Remote explosive/landmine/IED",
            "actor2": "Military Forces of Niger",
            "fatalities": 4,
            "event_date": "2024-06-11",
            "geo_precision": 2,
        },
    ),
    (
        "Al Shabaab claimed responsibility for a suicide bombing at a checkpoint in Mogadishu "
        "yesterday that killed at least 7 people.",
        {
            "sub_event_type": "Suicide bomb",
            "actor1": "Al Shabaab",
            "attribution": "claimed",
            "fatalities": 7,
            "fatalities_high": None,
            "country": "Somalia",
        },
    ),
    (
        "Hundreds of nurses protested outside the health ministry in Nairobi on Tuesday "
        "demanding better pay.",
        {
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "actor1": "Protesters (Kenya)",
            "inter1": 6,
            "interaction": 60,
            "fatalities": 0,
        },
    ),
    (
        "Police fired tear gas to disperse students protesting in Dhaka on Monday.",
        {"sub_event_type": "Protest with intervention", "actor2": "Police Forces of Bangladesh"},
    ),
    (
        "Russian shelling killed two civilians in Kherson on Tuesday, the regional governor said.",
        {
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Military Forces of Russia",
            "inter1": 8,
            "actor2": "Civilians (Ukraine)",
            "fatalities": 2,
            "admin1": "Kherson",
        },
    ),
    (
        "Engineers defused an explosive device found near a school in Kandahar city on Sunday.",
        {
            "event_type": "Strategic developments",
            "sub_event_type": "Disrupted weapons use",
            "fatalities": 0,
            "country": "Afghanistan",
        },
    ),
    (
        "Security forces arrested five suspected militants in a raid in Peshawar on Monday.",
        {"sub_event_type": "Arrests", "country": "Pakistan"},
    ),
    (
        "Unknown gunmen kidnapped two aid workers on the road to Bunia on Tuesday.",
        {
            "sub_event_type": "Abduction/forced disappearance",
            "attribution": "unknown",
            "country": "Democratic Republic of Congo",
        },
    ),
    (
        "Boko Haram fighters attacked soldiers in Damboa, Borno state, on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
            "actor2": "Military Forces of Nigeria",
            "country": "Nigeria",
        },
    ),
    (
        "Hundreds of teachers protested outside parliament in Abuja on Monday.",
        {"actor1": "Protesters (Nigeria)", "assoc_actor_1": "Teachers (Nigeria)"},
    ),
    (
        "The army, together with the Popular Mobilization Forces, fought Islamic State "
        "militants near Tuz Khurmatu on Monday.",
        {
            "actor1": "Military Forces of Iraq",
            "assoc_actor_1": "Military Forces of Iraq Popular Mobilization Forces",
            "actor2": "Islamic State (Iraq)",
        },
    ),
    (
        "About forty market vendors gathered outside the city hall in Nakuru on Monday to "
        "demand lower stall fees.",
        {"sub_event_type": "Peaceful protest", "country": "Kenya"},
    ),
    (
        "Hundreds marched in Lagos on Monday to demand the arrest of the officers accused of "
        "the killing.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Police fired live ammunition at protesters demanding the release of detained "
        "activists in Khartoum on Monday.",
        {"sub_event_type": "Excessive force against protesters", "country": "Sudan"},
    ),
    (
        "Residents of two neighbouring villages fought each other with sticks and stones near "
        "Bamenda on Tuesday after a land dispute.",
        {"event_type": "Riots", "sub_event_type": "Mob violence"},
    ),
    (
        "Militants burned down a primary school in a village near Djibo on Sunday.",
        {"sub_event_type": "Looting/property destruction", "country": "Burkina Faso"},
    ),
    (
        "Government troops retook the town of Ngala from the insurgents after heavy fighting "
        "on Monday.",
        {"sub_event_type": "Government regains territory"},
    ),
    (
        "The rebels took control of a border post near Goma on Tuesday without a fight.",
        {"sub_event_type": "Non-violent transfer of territory"},
    ),
    (
        "Twelve fighters of an armed group surrendered to the army in Beni on Monday, handing "
        "over their rifles.",
        {"sub_event_type": "Agreement"},
    ),
    (
        "Army engineers deactivated a landmine found on a farm road near Kherson on Tuesday.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "A woman was sexually abused by two soldiers at a checkpoint near Bukavu on Monday.",
        {"sub_event_type": "Sexual violence"},
    ),
    (
        "A drone killed a militant commander near Sarmada in Idlib on Monday. There is no "
        "confirmation, but the strike is believed to be the work of the US-led coalition.",
        {
            "actor1": "Unidentified Military Forces",
            "attribution": "suspected",
            "suspected_actor1": "Global Coalition Against Daesh",
        },
    ),
    (
        "Suspected Boko Haram fighters attacked a village near Konduga in Borno state on "
        "Monday, killing five farmers.",
        {
            "actor1": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
            "attribution": "suspected",
        },
    ),
    (
        "Gunmen shot dead an off-duty police officer outside his home in Kisumu on Monday.",
        {"sub_event_type": "Attack", "actor2": "Civilians (Kenya)"},
    ),
    (
        "A soldier was wounded in an encounter with rebels near Catarman on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Al Shabaab fighters detained two traders at a roadblock near Kismayo on Monday.",
        {"sub_event_type": "Abduction/forced disappearance", "actor1": "Al Shabaab"},
    ),
    (
        "Soldiers beat and arrested a schoolteacher at his home in Monywa on Monday.",
        {"sub_event_type": "Attack", "country": "Myanmar"},
    ),
    (
        "Gunmen killed two herders near Makurdi on Sunday; police later arrested three suspects.",
        {"sub_event_type": "Attack", "fatalities": 2},
    ),
    (
        "Hundreds of rioters clashed with police in the old city of Hebron on Friday, "
        "throwing stones at the officers.",
        {"event_type": "Riots"},
    ),
    (
        "Bandits killed a herder near Gusau on Monday and stole forty cows.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Militiamen shot dead a village chief near Djugu on Monday and abducted his two sons.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Two pastoralist communities clashed over pasture near Isiolo on Sunday, leaving two dead.",
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
    ),
    (
        "Two clans clashed over a well near Beledweyne on Sunday; three men were killed.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Student demonstrators clashed with riot police and soldiers in Sylhet on Monday "
        "during a march against fuel prices.",
        {"event_type": "Riots", "sub_event_type": "Violent demonstration"},
    ),
    # Issue 4: the province written after a place is where the place lies.
    (
        "Russian forces shelled houses near Dmytrivka, Kharkiv on Monday, damaging a school.",
        {"country": "Ukraine", "admin1": "Kharkiv"},
    ),
    (
        "Gunmen ambushed an army patrol near Qaryat Zumrudiya (Harib, Marib) on Sunday, "
        "killing two soldiers.",
        {"country": "Yemen", "admin1": "Ma'rib", "geo_precision": 2},
    ),
    (
        "Russian forces fired artillery at Zarqanivka, Zaporizhia on Tuesday. Casualties unknown.",
        {"country": "Ukraine", "admin1": "Zaporizhzhia", "geo_precision": 3},
    ),
    (
        "Turkish and opposition artillery shelled Tell Zuhurat village, Aleppo on Sunday, "
        "wounding a farmer.",
        {"country": "Syria", "admin1": "Aleppo", "location": "Tell Zuhurat", "geo_precision": 3},
    ),
    # Issue 4: country evidence besides place names, and places that are not the event's.
    (
        "Rioting Kenyan youths attacked a bus on Tuesday, injuring three passengers.",
        {"country": "Kenya", "admin1": None, "location": "Kenya", "geo_precision": 3},
    ),
    (
        "Students of Dhaka University protested on Monday against a rise in fees.",
        {"country": "Bangladesh", "admin1": "Dhaka", "geo_precision": 2},
    ),
    (
        "Militants shelled Qaryat Zawiyat village between the Dibis and Hawija districts, "
        "Kirkuk, on Monday, wounding a shepherd.",
        {"country": "Iraq", "admin1": "Kirkuk", "location": "Qaryat Zawiyat"},
    ),
    (
        "Suspected jihadists killed five farmers in Tungan Kawo (Shiroro, Niger) on Monday.",
        {"country": "Nigeria", "admin1": "Niger", "location": "Tungan Kawo"},
    ),
    (
        "Pakistan forces fired rockets at Dand Patan district, Paktia on Monday, wounding two.",
        {"country": "Afghanistan", "location": "Dand Patan"},
    ),
    (
        "Russian and Ukrainian forces clashed near Marinka, Donetsk as Russian troops advanced "
        "on Monday.",
        {"country": "Ukraine", "admin1": "Donetsk"},
    ),
    (
        "Government forces took three villages west of Harib district (Marib), among them "
        "Arak, on Monday after clashes.",
        {"country": "Yemen", "admin1": "Ma'rib"},
    ),
    # Issue 3: sub-event types.
    (
        "Citizens demonstrated in Abeche on Monday; police used tear gas to disperse them, "
        "causing the death of a passer-by.",
        {"sub_event_type": "Excessive force against protesters"},
    ),
    (
        "Police used tear gas to disperse students in Abeche on Monday who were demanding "
        "justice for the killing of a classmate.",
        {"sub_event_type": "Protest with intervention"},
    ),
    (
        "Two rival gangs exchanged fire in the market of Cite Soleil, Haiti, on Monday, "
        "killing a passer-by.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Gunmen shot dead a passer-by in the market of Cite Soleil, Haiti, on Monday.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Residents blocked the main road with burning tyres and logs in Ondo on Monday to "
        "protest power cuts.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Drivers demonstrated in Lima on Monday; the tires of several trucks were slashed.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "A group set fire to the house of a local official in Meru on Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Hundreds gathered in Baqubah on Monday to demonstrate against power cuts, burning "
        "tyres on the main road.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Militants carried out an IED attack on an army patrol near Kunar on Monday, killing "
        "two soldiers.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "Gunmen attacked a police post with grenades and then clashed with officers for an "
        "hour on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "The army test-fired two short-range ballistic missiles into the sea on Monday.",
        {"sub_event_type": "Change to group/activity"},
    ),
    (
        "The provincial governor issued a ban on all marches, protests and sit-ins in Van "
        "on Monday.",
        {"sub_event_type": "Change to group/activity"},
    ),
    (
        "Around 300 people demonstrated against the new tax law in Bonn on Monday. Two "
        "protestors were arrested.",
        {"sub_event_type": "Protest with intervention"},
    ),
    (
        "About 80 residents demonstrated in Leipzig on Monday against the closure of a "
        "clinic. One person was arrested.",
        {"sub_event_type": "Protest with intervention"},
    ),
    (
        "Between 10 and 15 people were killed when fighting broke out between rival militias "
        "in Tripoli, Libya, on Tuesday.",
        {
            "sub_event_type": "Armed clash",
            "fatalities": 10,
            "fatalities_low": 10,
            "fatalities_high": 15,
            "country": "Libya",
        },
    ),
    # Issue 3: the other side when the report names none, and deaths that are not the toll.
    (
        "Two rival clans fought each other near Beledweyne on Monday, leaving four dead.",
        {
            "actor1": "Unidentified Clan Militia (Somalia)",
            "actor2": "Unidentified Clan Militia (Somalia)",
            "inter2": 4,
        },
    ),
    (
        "Supporters of two rival parties clashed with sticks in Bogra, Bangladesh on Monday.",
        {"actor1": "Rioters (Bangladesh)", "actor2": "Rioters (Bangladesh)"},
    ),
    (
        "A mob beat a man accused of theft in Kisumu, Kenya on Monday.",
        {"actor2": "Civilians (Kenya)"},
    ),
    ("Police arrested four traders in Mombasa, Kenya on Tuesday.", {"actor2": "Civilians (Kenya)"}),
    ("Soldiers looted shops in the market of Bunia on Tuesday.", {"inter2": 7}),
    (
        "Hundreds marched in Nairobi on Monday to demand justice for the killing of two students.",
        {"sub_event_type": "Peaceful protest", "fatalities": 0},
    ),
    ("Gunmen killed him and two of his guards near Kaduna, Nigeria on Monday.", {"fatalities": 3}),
    ("Pokot raiders attacked a village near Kapedo, Kenya on Monday.", {"inter1": 4}),
    # Crowds that clash with firearms, or with the police, riot; they are no armed group.
    (
        "Supporters of two candidates clashed using guns and machetes in Bogra, Bangladesh on "
        "Monday, injuring twelve people.",
        {
            "sub_event_type": "Mob violence",
            "actor1": "Rioters (Bangladesh)",
            "actor2": "Rioters (Bangladesh)",
        },
    ),
    (
        "Two groups clashed over a land dispute in a village of Pabna, Bangladesh on Monday.",
        {"sub_event_type": "Mob violence", "inter1": 5, "inter2": 5},
    ),
    (
        "Villagers clashed with police forces in Jessore, Bangladesh on Monday after a raid.",
        {"sub_event_type": "Mob violence", "inter1": 5, "inter2": 1},
    ),
    ("Two armed groups clashed near Goma on Monday.", {"sub_event_type": "Armed clash"}),
    # Violence a protest is about is its grievance, not its violence.
    (
        "Teachers staged a human chain in Khulna, Bangladesh on Monday against the prior clash "
        "between students and police.",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    (
        "Students rallied in Kisumu, Kenya on Monday to condemn the lynching of a classmate.",
        {"sub_event_type": "Peaceful protest", "fatalities": 0},
    ),
    # Windows smashed or tyres deflated make a demonstration violent.
    (
        "Teachers demonstrated in Salta on Monday to demand pay rises and broke the windows "
        "of the town hall.",
        {"sub_event_type": "Violent demonstration", "inter1": 5},
    ),
    (
        "Striking drivers demonstrated in Rosario on Monday and deflated the tyres of a bus.",
        {"sub_event_type": "Violent demonstration"},
    ),
    # The protest movement an event came after is no demonstration at it.
    (
        "Unidentified persons vandalized the house of a party leader in Khulna, Bangladesh on "
        "Monday, amid unrest following anti-government demonstrations.",
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    # Police words at a protest: tear gas shells are no shelling, a crowd that disperses
    # peacefully met no intervention, and the protesters stay actor1 when police remove them.
    (
        "Police fired tear gas shells at villagers who pelted stones at the town hall during a "
        "demonstration in Dhangadhi, Nepal on Monday.",
        {"sub_event_type": "Violent demonstration", "inter1": 5, "inter2": 1},
    ),
    (
        "Residents staged a demonstration on the main highway in Tarsus, Turkey on Monday "
        "against power cuts. The group later dispersed peacefully.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "About 100 climate activists blocked traffic in Malmo, Sweden on Monday demanding an "
        "end to coal subsidies. Later, police forces removed the activists.",
        {"sub_event_type": "Protest with intervention", "inter1": 6, "inter2": 1},
    ),
    (
        "Dozens held a vigil in Akron, Ohio on Monday on the anniversary of the riot at the "
        "state house.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Two people were killed when two communities clashed over grazing land near Kapedo, "
        "Kenya on Monday.",
        {
            "actor1": "Unidentified Communal Militia (Kenya)",
            "actor2": "Unidentified Communal Militia (Kenya)",
        },
    ),
    (
        "Gunmen killed three villagers near Garsen, Kenya on Monday in a long-running land dispute.",
        {"actor1": "Unidentified Communal Militia (Kenya)", "inter1": 4},
    ),
    (
        "Armed men from two clans clashed near Beledweyne, Somalia on Monday, killing five.",
        {"actor1": "Unidentified Clan Militia (Somalia)", "inter2": 4},
    ),
    ("Gunmen killed a tribal elder near Wana, Pakistan on Monday.", {"inter1": 3}),
    ("Wildlife rangers shot dead two poachers near Voi, Kenya on Monday.", {"inter1": 1}),
    # Crude explosives thrown by party men or picketers make a riot, not an explosion.
    (
        "Unknown men blasted three crude bombs outside a party office in Khulna, Bangladesh "
        "on Monday, injuring a rickshaw puller.",
        {"sub_event_type": "Mob violence", "actor1": "Rioters (Bangladesh)", "inter1": 5},
    ),
    (
        "During the opposition's nationwide blockade, picketers hurled petrol bombs at a bus "
        "in Bogura, Bangladesh on Monday.",
        {"sub_event_type": "Violent demonstration", "actor1": "Rioters (Bangladesh)"},
    ),
    (
        "Insurgents hurled a crude bomb at an army post in Imphal, India on Monday.",
        {"event_type": "Explosions/Remote violence"},
    ),
    # South Asian protest words.
    (
        "Bank clerks staged a dharna outside the head office in Patna, India on Monday.",
        {"sub_event_type": "Peaceful protest", "actor1": "Protesters (India)"},
    ),
    (
        "A dawn-to-dusk hartal called by the opposition shut shops in Sylhet, Bangladesh on "
        "Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Farmers burnt an effigy of the minister in Ludhiana, India on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Nurses at the district hospital in Quetta, Pakistan began an indefinite strike on "
        "Monday over unpaid wages.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Headlines in the present tense.
    (
        "Gunmen attack and kill two travellers near Mandera, Kenya on Monday.",
        {"sub_event_type": "Attack", "fatalities": 2},
    ),
    (
        "Suspected militants detonate an explosive at a police post in Garissa, Kenya on Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "Two bombs were exploded at the home of a councillor in Jessore, Bangladesh on Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "Three militants and a soldier were killed in an encounter in Kupwara, India on Monday.",
        {"sub_event_type": "Armed clash", "fatalities": 4},
    ),
    (
        "Police battle cattle raiders near Lokichogio, Kenya on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Two militants were killed in a search operation by paramilitary troops near Turbat, "
        "Pakistan on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Raiders struck a village near Baragoi, Kenya on Monday, stole 300 goats and injured "
        "two herders.",
        {"sub_event_type": "Attack"},
    ),
    # People who fled violence: the flight is the event.
    (
        "About 1,500 people were displaced by fighting between militants and army troops near "
        "Jowhar, Somalia on Monday.",
        {"sub_event_type": "Other"},
    ),
    (
        "Artillery shelling killed two civilians and displaced 300 families in Kherson, "
        "Ukraine on Monday.",
        {"sub_event_type": "Shelling/artillery/missile attack"},
    ),
    # Arson and demolition in more word orders.
    (
        "Unidentified men set on fire the house of a local leader in Tumaco, Colombia on Monday.",
        {"sub_event_type": "Looting/property destruction"},
    ),
    (
        "Soldiers burned and destroyed about 40 out of 90 houses in a village near Pauk, "
        "Myanmar on Monday.",
        {"sub_event_type": "Looting/property destruction"},
    ),
    # Small classes: stripping, bloodless transfers, control established, suicide bombers.
    (
        "Police in Omdurman, Sudan arrested two youths on Monday, beat them and stripped them "
        "naked in the street.",
        {"sub_event_type": "Sexual violence"},
    ),
    (
        "Government troops retook the village of Dovhe, Kharkiv, Ukraine on Monday. No "
        "information on whether fighting took place.",
        {"sub_event_type": "Non-violent transfer of territory"},
    ),
    (
        "After clashes with the army, rebel fighters established control over Bunagana, "
        "DR Congo on Monday.",
        {"sub_event_type": "Non-state actor overtakes territory"},
    ),
    (
        "A bomber detonated himself at a checkpoint in Beledweyne, Somalia on Monday, killing "
        "four soldiers.",
        {"sub_event_type": "Suicide bomb"},
    ),
    (
        "Police shot at a group of people who staged a demonstration in Colombo, Sri Lanka on "
        "Monday; one demonstrator was injured.",
        {"sub_event_type": "Excessive force against protesters"},
    ),
    # Sexual violence a mob punishes is its grievance; devices found are disrupted; grenades
    # dropped from a drone are an air strike; soldiers seized by fighters are a battle.
    (
        "A suspected rapist was beaten and stabbed by residents in Campo Grande, Brazil on Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Suspected militants raped a woman and killed her husband near Orlu, Nigeria on Monday.",
        {"sub_event_type": "Sexual violence"},
    ),
    (
        "Police in Rio de Janeiro, Brazil found and removed a grenade from under a bench on "
        "Monday.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "Rebel forces dropped grenades from a drone on army positions near Lobacheve, Ukraine "
        "on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Arakan Army fighters abducted two policemen near a village in Ramree, Myanmar on Monday.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "Gunmen abducted three farmers near Katsina, Nigeria on Monday.",
        {"sub_event_type": "Abduction/forced disappearance"},
    ),
    # Farmers or villagers who were harmed are victims, not a crowd that rioted.
    (
        "Fulani herdsmen killed five farmers in Benue, Nigeria on Monday.",
        {"sub_event_type": "Attack", "actor1": "Fulani Ethnic Militia (Nigeria)"},
    ),
    (
        "Angry villagers attacked two traders they accused of theft in Kisii, Kenya on Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Al Shabaab lined up and executed 15 non-Muslim farmers in Mado Gashi, Kenya on Monday.",
        {"sub_event_type": "Attack", "actor1": "Al Shabaab", "fatalities": 15},
    ),
    # Soldiers or militants as the only victims make a fight, unless off duty.
    (
        "Gunmen killed a colonel and 12 soldiers in an attack near Lyman, Ukraine on Monday.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "Gunmen shot dead an off-duty soldier in Maiduguri, Nigeria on Monday.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    # Air strikes with shelling are coded by the strike; shelling traded is a battle.
    (
        "Russian forces launched an airstrike and fired mortars and artillery near Yakovlivka, "
        "Kharkiv, Ukraine on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Houthi forces and government forces exchanged artillery shelling near Harib, Yemen "
        "on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    # More protest wordings.
    (
        "Residents cut the road to the port in Mukalla, Yemen on Monday to denounce power cuts.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "About 30 cars drove through Vladivostok, Russia with national flags on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Yemen's Giants Brigade and Nigeria's IPOB as ACLED names and types them.
    (
        "Giants Brigades forces shelled Houthi positions near Harib, Yemen on Monday.",
        {"actor1": "Giants Brigade", "inter1": 3},
    ),
    (
        "IPOB militants attacked a police station in Orlu, Nigeria on Monday.",
        {"actor1": "IPOB: Indigenous Peoples of Biafra", "inter1": 2},
    ),
    # An actor named on the weapon, with the hedge on it.
    (
        "A presumed Houthi-planted landmine exploded near Haradh, Yemen on Monday, injuring a "
        "shepherd.",
        {
            "actor1": "Military Forces of Yemen Supreme Political Council",
            "attribution": "suspected",
        },
    ),
    # People who fled are the displacement's actor; a sniper of a group is the group.
    (
        "Some 173 civilians were evacuated from Mariupol, Ukraine on Monday.",
        {"sub_event_type": "Other", "actor1": "Civilians (Ukraine)", "actor2": None},
    ),
    (
        "A soldier was killed near Convencion, Colombia on Monday after a suspected sniper of "
        "the ELN opened fire.",
        {"actor1": "ELN: National Liberation Army", "attribution": "suspected"},
    ),
    # Who repelled an attack is its target; the attackers are actor1.
    (
        "Policemen repelled an attack by armed men at a police station in Anaku, Nigeria on "
        "Monday.",
        {"sub_event_type": "Armed clash", "inter1": 3, "actor2": "Police Forces of Nigeria"},
    ),
    # A rival clan's or a neighbouring village's men are a communal side.
    (
        "Armed men believed to be from a rival clan assaulted four farmers near Moyale, Kenya "
        "on Monday.",
        {"actor1": "Unidentified Clan Militia (Kenya)", "inter1": 4},
    ),
    (
        "One person died in a border attack between two villages in Kisumu county, Kenya on "
        "Monday.",
        {"inter1": 4},
    ),
    # An explosion that went off is the event, not the protest it led to.
    (
        "Three people were killed when an explosion went off in a car in Mandera, Kenya on "
        "Monday. Militants were suspected. The explosion led locals to hold a demonstration "
        "against the army.",
        {"sub_event_type": "Remote explosive/landmine/IED", "fatalities": 3},
    ),
    # Anti-riot police are not a riot.
    (
        "Officers of the anti-riot police beat and kicked a journalist in Bura, Kenya on Monday.",
        {"sub_event_type": "Attack"},
    ),
    # The cadres or members of a named rebel group are its fighters, not a crowd.
    (
        "Police fought an encounter with CPI (Maoist) cadres near Gumla, India on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "Police Forces of India",
            "actor2": "CPI (Maoist): Communist Party of India (Maoist)",
        },
    ),
    (
        "Two cadres of the Garo National Liberation Army were killed in a gun battle with "
        "police near Tura, India on Monday.",
        {"sub_event_type": "Armed clash", "inter1": 1, "inter2": 2, "fatalities": 2},
    ),
    (
        "Seven policemen were killed in a gunbattle with Naxals in Sukma, India on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "CPI (Maoist): Communist Party of India (Maoist)",
            "actor2": "Police Forces of India",
        },
    ),
    (
        "Suspected members of the banned NSCN (Khaplang) ambushed an Assam Rifles patrol near "
        "Longding, India on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "NSCN-K: National Socialist Council of Nagaland-Khaplang",
            "actor2": "Military Forces of India Assam Rifles",
        },
    ),
    (
        "Police shot dead four Mungiki sect members in a raid in Thika, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "actor2": "Mungiki Militia", "inter2": 3},
    ),
    # "His driver died": one death.
    (
        "His bodyguard died when gunmen opened fire on a councillor's car in Gumla, India on "
        "Monday.",
        {"fatalities": 1},
    ),
    # Fire traded across a border or a front line.
    (
        "Indian and Pakistani troops resorted to firing across the Line of Control near Uri, "
        "India on Sunday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Renewed fighting began near Laukkai, Myanmar on Sunday between rebels and the army.",
        {"sub_event_type": "Armed clash"},
    ),
    # Fasts, strikes and sit-downs are protests.
    (
        "Members of a farmers' union began an indefinite fast outside the collectorate in "
        "Mandya, India on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Sanitation workers in Lahore, Pakistan have been striking since Monday over unpaid wages.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Hundreds of students staged a satyagraha in Guwahati, India on Monday against a new "
        "citizenship rule.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Villagers sat on the railway tracks near Bharatpur, India on Monday, demanding jobs.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Gangs and unknown men who attack people; beating someone up.
    (
        "A gang attacked a shop in Kakamega, Kenya on Monday, wounding two people.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Two men beat up the secretary of a teachers' union in Howrah, India on Monday.",
        {"sub_event_type": "Attack"},
    ),
    # An arrest whose arrester goes unnamed is the police's.
    (
        "Around 40 opposition men were held in Rajshahi, Bangladesh on Monday.",
        {"sub_event_type": "Arrests", "actor1": "Police Forces of Bangladesh", "inter1": 1},
    ),
    (
        "Members of the Qurbat Brigade detained an army commander near Qanawat, Syria on Monday.",
        {"sub_event_type": "Armed clash", "inter1": 3},
    ),
    # A killing whose suspects were arrested is the killing.
    (
        "A woman was killed in Tijuana, Mexico on Monday. Two men were arrested.",
        {"sub_event_type": "Attack", "fatalities": 1},
    ),
    # Beside a named weapon, harms and blasts name no other type.
    (
        "Militants lobbed a grenade at policemen in Bijbehara, India on Monday. One policeman "
        "was injured in the explosion.",
        {"sub_event_type": "Grenade"},
    ),
    (
        "A soldier was killed in a landmine attack by the PDF near Mingin, Myanmar on Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "The two rival parties reached an agreement on a new constitution in Kathmandu, Nepal "
        "on Monday.",
        {"sub_event_type": "Agreement"},
    ),
    (
        "Police dismantle a bomb planted outside a school in Garissa, Kenya on Monday.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    # Men who fire on activists attack them: the activists are no crowd.
    (
        "Two activists sat in a party office in Mardan, Pakistan on Monday when men on "
        "motorbikes fired upon them, killing both.",
        {"sub_event_type": "Attack", "fatalities": 2},
    ),
    # Storming the streets is marching, not an assault.
    (
        "Residents stormed the streets of Vihiga, Kenya on Monday carrying placards, demanding "
        "electoral reforms.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Bandits of a people, farmers against herders, stolen cattle: communal violence.
    (
        "Pokot bandits killed two herders near Tot, Kenya on Monday.",
        {"actor1": "Pokot Ethnic Militia (Kenya)", "inter1": 4},
    ),
    (
        "Nine people died in a fight between pastoralists and farmers near Garsen, Kenya on "
        "Monday.",
        {"sub_event_type": "Armed clash", "inter1": 4},
    ),
    (
        "Eight people were killed in inter- communal clashes near Isiolo, Kenya on Monday.",
        {"inter1": 4},
    ),
    (
        "Gunmen killed a herder near Kapedo, Kenya on Monday in revenge over stolen cattle.",
        {"actor1": "Unidentified Communal Militia (Kenya)", "inter1": 4},
    ),
    # More attack, raid, agreement and device wordings.
    (
        "Police shot suspected Mungiki robbers at a warehouse in Thika, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "actor2": "Mungiki Militia"},
    ),
    (
        "Al Shabaab fighters raid a police camp near Mandera, Kenya and make away with rifles.",
        {"sub_event_type": "Armed clash", "actor1": "Al Shabaab"},
    ),
    (
        "A student was attacked in Kibera, Kenya on Monday for wearing a party shirt.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Two rebel movements sign several peace accords in Naivasha, Kenya on Monday.",
        {"sub_event_type": "Agreement"},
    ),
    (
        "Militants entered Mandera, Kenya on Monday and hijacked two pick-up trucks.",
        {"sub_event_type": "Looting/property destruction"},
    ),
    (
        "Three suspected bombers died in Mombasa, Kenya on Monday when the bomb they were "
        "planting blew up.",
        {"sub_event_type": "Disrupted weapons use", "fatalities": 3},
    ),
    (
        "Seven fishermen operating on Lake Turkana have been killed by raiders near "
        "Todenyang, Kenya.",
        {"sub_event_type": "Attack", "fatalities": 7},
    ),
    # A people's herders who are attacked are civilians, not its militia.
    (
        "Toposa raiders attacked Turkana herdsmen near Lokichogio, Kenya on Monday, killing four.",
        {"sub_event_type": "Attack", "actor2": "Civilians (Kenya)", "inter2": 7},
    ),
    # Crowds: a clash with police during a protest, a rampage, post-election clashes.
    (
        "Student union members clashed with police during a protest march in Mysuru, India on "
        "Monday.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Party activists went on a rampage and ransacked the house of a candidate in Ramganj, "
        "Bangladesh on Friday.",
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    (
        "Nine people were injured in post-election clashes in Gopalganj, Bangladesh on Wednesday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Youth of one village fought with youth of another near Rakai, Uganda on Monday, "
        "injuring two.",
        {"sub_event_type": "Mob violence"},
    ),
    # What a protest demands or protests is its grievance, not an event at it.
    (
        "Students protested on the campus in Rajshahi, Bangladesh on Saturday demanding "
        "immediate arrest of a lawmaker.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Party workers in Peshawar, Pakistan protested the raid on their headquarters on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # A police station named as an area is no police; a state force's members are no mob.
    (
        "Two brothers were hacked to death in a village under Raneshwar Police Station area "
        "in Dumka, India on Friday over a land dispute.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    (
        "A cattle trader was injured in an attack by the Indian Border Security Force near "
        "Putkhali, Bangladesh on Thursday.",
        {"actor1": "Military Forces of India Border Security Force"},
    ),
    (
        "TTP gunmen shot dead an official of the Levies Force in Mohmand, Pakistan on Monday.",
        {"sub_event_type": "Armed clash", "actor2": "Police Forces of Pakistan Levies Force"},
    ),
    (
        "Workers of two parties attacked each other at a bank in Nalgonda, India on Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    # A protester killed in police action is excessive force; lawyers are a crowd.
    (
        "A student was killed in police action in Imphal, India on Monday when police tried to "
        "control a protest march.",
        {"sub_event_type": "Excessive force against protesters", "fatalities": 1},
    ),
    (
        "Lawyers in Lucknow, India attacked an official and fought with journalists on Monday "
        "in protest against the shifting of an office.",
        {"event_type": "Riots"},
    ),
    # Demonstrating to promote a cause; present-tense injuries and arson; devices removed
    # or detonated by the police; forces deployed or on the move are the event's actor.
    (
        "Sex workers demonstrate in Nairobi, Kenya on Monday to promote awareness of HIV drugs.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Raiders injure a herder and burn homes near Miteta, Kenya on Monday.",
        {"event_type": "Violence against civilians"},
    ),
    (
        "Police uncover and remove an IED near Mandera, Kenya on Monday.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "A bomb was found in a church in Kutus, Kenya on Monday. Police later detonated the "
        "explosive.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "About 200 al Shabaab fighters were spotted moving through a forest near Lamu, Kenya "
        "on Monday.",
        {"sub_event_type": "Change to group/activity", "actor1": "Al Shabaab", "actor2": None},
    ),
    # Police who raid houses and beat people make no protest event; rioting youths are a mob.
    (
        "Police raided houses in Kisumu, Kenya on Monday, beating civilians. Live bullets were "
        "used on some of them.",
        {"sub_event_type": "Attack", "actor1": "Police Forces of Kenya"},
    ),
    (
        "Rioting youths attacked Somali civilians in Eastleigh, Kenya on Monday after a grenade "
        "attack.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "A teenager was shot and seriously injured in post-election violence in Kisumu, Kenya "
        "on Monday.",
        {"event_type": "Riots"},
    ),
    # An explosive thrown by hand is ACLED's grenade.
    (
        "Unknown men threw an explosive device at the house of a councillor in Neiva, Colombia "
        "on Monday.",
        {"sub_event_type": "Grenade"},
    ),
    # An unknown place is in the country named after its comma, not the attackers' country;
    # a country is no place to name a communal militia after.
    (
        "Raiders from Ethiopia attacked herders near Qwertyville, Kenya on Monday.",
        {"country": "Kenya", "location": "Qwertyville"},
    ),
    (
        "An Ethiopia militia killed three fishermen near Qwertyville, Kenya on Monday.",
        {"actor1": "Unidentified Communal Militia (Kenya)"},
    ),
    # More protest wordings: gathering before a seat of power, occupying a site against a
    # plan, demanding someone's release, a peace march.
    (
        "On Monday, nearly 80 people gathered in front of a school in Dijon, France. They "
        "denounced the expulsion of a refugee family.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "On Monday, three activists occupied a forest near Kassel, Germany against the "
        "construction of a highway.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "On Monday, supporters of a jailed editor demanded his release in Rustavi, Georgia.",
        {"sub_event_type": "Peaceful protest", "country": "Georgia"},
    ),
    (
        "On Monday, pupils took part, alongside their parents, in a peace march in "
        "Montefalcone, Italy.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Shelling fired with small arms or in ground operations merges into the battle.
    (
        "On Monday, government forces fired artillery, mortars and small arms at rebel "
        "positions near Zolote, Ukraine.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "On Monday, the army carried out artillery strikes and ground operations in the "
        "forests near Nara, Mali, killing 28 militants.",
        {"sub_event_type": "Armed clash"},
    ),
    # Gang members killed are a gang, not civilians; Latin American gangs by name.
    (
        "On Monday, a member of a drug trafficking group was killed by gunmen in Iranduba, Brazil.",
        {"sub_event_type": "Armed clash", "actor2": "Unidentified Gang (Brazil)"},
    ),
    (
        "On Monday, a Barrio-18 member shot and killed three MS-13 members in Mixco, Guatemala.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "B-18: Barrio-18",
            "actor2": "MS-13: Mara Salvatrucha",
        },
    ),
    (
        "On Monday, a CAFGU active auxiliary was shot and killed by suspected NPA militants in "
        "Butuan, Philippines.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    # Former fighters, and officers off duty however the report says it, are civilians.
    (
        "On Monday, gunmen opened fire on a former FARC member in Puerto Guzman, Colombia, "
        "killing him.",
        {"sub_event_type": "Attack", "actor2": "Civilians (Colombia)"},
    ),
    (
        "On Monday, militants attacked a public bus near Bria, Central African Republic, and "
        "killed a police officer onboard (assumed off duty).",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    # Who came under fire suffered it.
    (
        "A police patrol came under fire near Mandera, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "actor2": "Police Forces of Kenya"},
    ),
    # The group an explosion is blamed on is its suspected author, not its target.
    (
        "An explosion blamed on al-Shabaab wounded five civilians in Mandera, Kenya on Monday.",
        {"actor1": "Al Shabaab", "actor2": "Civilians (Kenya)", "attribution": "suspected"},
    ),
    # Headlines drop the article and the "was": the victim opens the line, the doer follows "by".
    (
        "Shop owner killed by unknown gunmen in Eldoret, Kenya",
        {"sub_event_type": "Attack", "inter1": 3, "actor2": "Civilians (Kenya)", "fatalities": 1},
    ),
    (
        "Police constable shot dead by unknown gunmen in Garissa, Kenya",
        {"actor1": "Unidentified Armed Group (Kenya)", "inter2": 1, "fatalities": 1},
    ),
    (
        "Reporter attacked for taking photos of a minister in Kisumu, Kenya",
        {"sub_event_type": "Attack", "actor2": "Civilians (Kenya)"},
    ),
    (
        "Stabbing spree by unknown men leaves 14 people hurt in Thika, Kenya",
        {"sub_event_type": "Attack"},
    ),
    (
        "Armed raiders raided a village near Baragoi, Kenya and 5 locals killed",
        {"sub_event_type": "Attack", "inter1": 4, "fatalities": 5},
    ),
    (
        "Suspected MRC members kill two traders in Kwale, Kenya",
        {"sub_event_type": "Attack", "actor1": "MRC: Mombasa Republican Council", "fatalities": 2},
    ),
    (
        "Three herders were attacked by a gang of armed men near Isiolo, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter1": 3, "actor2": "Civilians (Kenya)"},
    ),
    # A headline's present tense names the doer; a tribe and its militants are its militia.
    (
        "Degodia fighters attack and kill two herders near Wajir, Kenya",
        {"actor1": "Degodia Clan Militia (Kenya)", "inter1": 4, "fatalities": 2},
    ),
    (
        "Turkana tribe raided a village in Baringo, Kenya, 4 locals killed",
        {"actor1": "Turkana Ethnic Militia (Kenya)", "fatalities": 4},
    ),
    (
        "Ward aspirant Otieno attacked in his car by an unknown gang in Kakamega, Kenya",
        {"sub_event_type": "Attack", "inter1": 3, "inter2": 7},
    ),
    (
        "Four police officers escape death when their truck drives over a buried explosive "
        "near Mandera, Kenya",
        {"sub_event_type": "Remote explosive/landmine/IED", "inter1": 3, "inter2": 1},
    ),
    (
        "Armed men descended on a village near Maralal, Kenya and steal 2,000 of the "
        "villagers' goats.",
        {"sub_event_type": "Looting/property destruction", "inter1": 3},
    ),
    (
        "Two dismembered bodies found in a sugarcane field in Kisumu, Kenya; the killings are "
        "blamed on a gang.",
        {"sub_event_type": "Attack"},
    ),
    # Bangladesh's Rapid Action Battalion is its police; its initials in brackets are no
    # Croatian island.
    (
        "Two cadres of the banned Purba Banglar Communist Party died in a gunfight with the "
        "Rapid Action Battalion (Rab) in Kushtia district, Bangladesh on Monday.",
        {
            "sub_event_type": "Armed clash",
            "inter1": 1,
            "inter2": 2,
            "country": "Bangladesh",
            "fatalities": 2,
        },
    ),
    # Unnamed militants are the group the event's sentences name with the same word.
    (
        "A captain and four TTP militants were killed as militants attacked an army post in "
        "Mir Ali, Pakistan on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor1": "TTP: Tehreek-i-Taliban Pakistan",
            "actor2": "Military Forces of Pakistan",
        },
    ),
    (
        "Three Baloch separatists were killed in an exchange of fire with security forces "
        "near Turbat, Pakistan on Monday.",
        {"sub_event_type": "Armed clash", "actor2": "Baloch Separatists (Pakistan)", "inter2": 2},
    ),
    (
        "Fighting broke out between the SSA-N and the Burma Army near Kyaukme, Myanmar on Monday.",
        {
            "actor1": "SSPP/SSA-N: Shan State Progress Party/Shan State Army-North",
            "actor2": "Military Forces of Myanmar",
        },
    ),
    # "Among the dead" lists victims, not two sides; "the work of" names the suspect.
    (
        "Six people were killed when Pokot raiders attacked a village near Lokori, Kenya on "
        "Monday. Among the dead are two police reservists and a herder shot by the raiders.",
        {"actor1": "Pokot Ethnic Militia (Kenya)", "inter1": 4},
    ),
    (
        "Two aid workers were kidnapped near Dadaab, Kenya on Monday in an attack thought to "
        "be the work of al-Shabaab.",
        {"sub_event_type": "Abduction/forced disappearance", "actor1": "Al Shabaab"},
    ),
    # An angry crowd that protests or is dispersed is no mob; one that beats someone is.
    (
        "Riot police disperse angry voters at a polling station in Hola, Kenya",
        {"sub_event_type": "Protest with intervention", "inter1": 6},
    ),
    (
        "Angry residents protested outside the governor's office in Voi, Kenya on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "An angry crowd beat a suspected thief at a market in Kisii, Kenya on Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Residents demonstrate after a bus driver goes missing in Thika, Kenya",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    (
        "Grenade attack at a mosque in Garissa, Kenya kills five; al-Shabaab involvement suspected",
        {"sub_event_type": "Grenade", "actor1": "Al Shabaab"},
    ),
    # More South Asian wordings.
    (
        "Six militants were killed when aerial precision strikes hit hideouts in Orakzai, "
        "Pakistan on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Twelve Naxalites handed themselves over to police in Gadchiroli, India on Monday.",
        {"sub_event_type": "Agreement", "inter1": 2},
    ),
    (
        "A ward councillor was roughed up by unknown men in Asansol, India on Monday.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    (
        "A militant commander and two aides were killed in an intelligence-based operation in "
        "Dera Ghazi Khan, Pakistan on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Unknown assailants attacked and injured a village sarpanch in Shopian, India on Monday.",
        {"sub_event_type": "Attack", "inter1": 3, "inter2": 7},
    ),
    (
        "Police intercepted a procession of opposition workers by charging batons in Bogura, "
        "Bangladesh on Monday.",
        {"sub_event_type": "Protest with intervention"},
    ),
    (
        "A rally was held in Dhaka, Bangladesh on Monday in protest against terrorist attacks on "
        "police.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Demonstrators protesting against the new charter clashed with police in Birgunj, Nepal "
        "on Tuesday.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Law enforcers detained 300 opposition activists in Rajshahi, Bangladesh on Monday.",
        {"sub_event_type": "Arrests", "inter1": 1},
    ),
    # A noun that a harm verb hangs on suffered it, whatever the parse makes it the subject
    # of; a president's name that only spells like a foreign village is no place.
    (
        "Nine cattle rustlers shot dead by police a week after Kibaki visited Baringo, Kenya.",
        {"sub_event_type": "Armed clash", "inter1": 1, "inter2": 4, "country": "Kenya"},
    ),
    # Captives, seizures, sprees and rampages in the present tense.
    (
        "A fishing boat was captured by pirates off Lamu, Kenya and its crew held captive.",
        {"sub_event_type": "Abduction/forced disappearance"},
    ),
    (
        "Police seize explosives from a hideout in Mombasa, Kenya",
        {"sub_event_type": "Disrupted weapons use", "inter1": 1},
    ),
    (
        'Pupils of a boarding school go on a "rampage" in Kisii, Kenya, demanding a new head.',
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    (
        "Fights broke out between members of a transport union in Nakuru, Kenya on Monday.",
        {"event_type": "Riots"},
    ),
    # South Asian protest words, and blasts at pylons and pipelines.
    (
        "Members of a weavers' union staged road roko at four places in Salem, India on Monday.",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    (
        "The strike by truck owners in Bogura, Bangladesh entered its third day on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Two rallies of the opposition alliance faced police obstruction in Rangpur, Bangladesh "
        "on Sunday.",
        {"sub_event_type": "Protest with intervention", "inter2": 1},
    ),
    (
        "Suspected militants blew up two pylons of a power line near Sibi, Pakistan on Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED", "inter1": 3},
    ),
    (
        "Three police officers were hit by a blast during a patrol in Narathiwat, Thailand on "
        "Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED", "inter2": 1},
    ),
    (
        "Troops targeted Pakistani posts along the Line of Control in Poonch, India on Monday.",
        {"sub_event_type": "Armed clash", "country": "India"},
    ),
    (
        "The relatives of a pupil went berserk and thrashed the headmaster in Guntur, India on "
        "Monday.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "Police tortured to death a young man in custody in Baramulla, India on Monday.",
        {"sub_event_type": "Attack", "inter1": 1, "inter2": 7, "fatalities": 1},
    ),
    (
        "Police foiled a procession of opposition activists in Feni, Bangladesh on Saturday.",
        {"sub_event_type": "Protest with intervention", "inter1": 6},
    ),
    (
        "Party cadres clashed with police in Birgunj, Nepal on Tuesday while chanting slogans; "
        "police took control of the crowd after an hour.",
        {"event_type": "Riots"},
    ),
    (
        "Motorbike taxi riders held a violent demonstration on the Eldoret road in Kitale, "
        "Kenya on Monday over a colleague who died in a cell.",
        {"sub_event_type": "Violent demonstration", "inter1": 5},
    ),
    (
        "Market women violently protest new stall fees in Kisumu, Kenya.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "A march by nurses in Nakuru, Kenya on Monday turned violent near the county offices.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "College students rampage in protest over a fee rise in Embu, Kenya.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Hawkers demolish two kiosks to protest new levies in Thika, Kenya.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Tenants gathered to protest a county plan to demolish old flats in Mombasa, Kenya.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Traders pelted the county governor's official car with stones in Meru, Kenya on "
        "Monday, protesting market fees.",
        {"event_type": "Riots"},
    ),
    (
        "A group of armed Turkana youths attacked a manyatta near Lodwar, Kenya on Monday.",
        {"sub_event_type": "Attack", "actor1": "Turkana Ethnic Militia (Kenya)", "inter1": 4},
    ),
    (
        "Police open fire on youths gathering for a banned meeting in Limuru, Kenya.",
        {"sub_event_type": "Attack", "inter1": 1, "inter2": 7},
    ),
    (
        "Armed men kidnap a tallying clerk in Kakamega, Kenya.",
        {"sub_event_type": "Abduction/forced disappearance"},
    ),
    (
        "A trader was found killed with his throat slit on a farm in Mwea, Kenya on Monday.",
        {"sub_event_type": "Attack", "fatalities": 1},
    ),
    (
        "Camel herders attacked three men in Garba Tulla, Kenya on Monday, killing one.",
        {"sub_event_type": "Attack", "inter1": 4, "fatalities": 1},
    ),
    (
        "Two herders died in violence between the Pokot and the Turkana near Kapedo, Kenya "
        "on Monday.",
        {"sub_event_type": "Armed clash", "fatalities": 2},
    ),
    (
        "On or before 3 June, police arrested four suspects in Isiolo, Kenya.",
        {"sub_event_type": "Arrests", "event_date": "2024-06-03"},
    ),
    (
        "One man was shot dead during protests over a disputed tally in Ol Kalou, Kenya on "
        "Monday; police fired in the air to disperse the crowd.",
        {"sub_event_type": "Excessive force against protesters", "fatalities": 1},
    ),
    (
        "Residents of Nyeri, Kenya protested on Monday over the killing of a shopkeeper who was "
        "shot dead by robbers last week.",
        {"sub_event_type": "Peaceful protest", "fatalities": 0},
    ),
    (
        "Prison warder dies when gunmen ambush his car near Mandera, Kenya.",
        {"fatalities": 1},
    ),
    (
        "Picketers made cocktail attacks on a bus at a blockade in Bogura, Bangladesh this "
        "morning.",
        {"event_type": "Riots", "inter1": 5},
    ),
    (
        "Unknown youths threw cracker bombs at a police kiosk in Multan, Pakistan on Monday.",
        {"event_type": "Riots", "inter1": 5},
    ),
    (
        "A parked lorry was set afire near the bus stand in Rangpur, Bangladesh on Monday.",
        {"event_type": "Strategic developments"},
    ),
    (
        "Police defused a roadside bomb made from two hand grenades in Basra, Iraq on Monday; "
        "the roadside bomb had been placed near a bridge.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "Soldiers intercepted and killed five militants near Amchide, Cameroon on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Militants threw a hand grenade towards government soldiers in a market of Mogadishu, "
        "Somalia on Monday. The soldiers reacted with gunfire after the explosion.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Gunmen fired rifle grenades at the mayor's house in Cotabato, Philippines on Monday.",
        {"sub_event_type": "Shelling/artillery/missile attack"},
    ),
    (
        "Rebels launched explosive-laden drones at a fuel depot in Jizan, Saudi Arabia on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "On Monday, Russian forces took control of the village of Novoselivka in Kharkiv, Ukraine.",
        {"sub_event_type": "Non-state actor overtakes territory", "inter1": 8},
    ),
    (
        "About 50 people held a candlelight vigil in Eugene, Oregon on Monday to mark the "
        "anniversary of the 2021 riot at the state capitol.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Relatives protested outside a police station in Pune, India on Monday to demand "
        "justice for a man who was lynched by a mob last month.",
        {"sub_event_type": "Peaceful protest", "fatalities": 0},
    ),
    (
        "Residents demonstrated on the highway in Niteroi, Brazil on Monday over a shooting; "
        "demonstrators burned wood on the road.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Unknown gunmen shot dead a security guard at a warehouse in Cali, Colombia on Monday.",
        {
            "sub_event_type": "Armed clash",
            "actor2": "Private Security Forces (Colombia)",
            "inter2": 8,
        },
    ),
    (
        "A roadside bomb exploded near a police truck, wounding four officers. Al Shabaab is "
        "believed to be behind it.",
        {"sub_event_type": "Remote explosive/landmine/IED", "country": None, "location": None},
    ),
    (
        "A bomb explodes near a bus stop in Mandera, Kenya, wounding two passers-by.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "A headteacher was brutally beaten up at his school in Kisumu, Kenya on Monday.",
        {"sub_event_type": "Attack"},
    ),
    (
        "Youth stone suspected thief to death in Machakos, Kenya.",
        {"sub_event_type": "Mob violence"},
    ),
    (
        "On Monday, two explosions occurred outside the township court in Sagaing, Myanmar.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "On Monday, two hand grenade explosions occurred in Mandalay, Myanmar; a second "
        "explosion occurred an hour later.",
        {"sub_event_type": "Grenade"},
    ),
    (
        "Armed robbers blew up the safe of a petrol station in Natal, Brazil on Monday.",
        {"sub_event_type": "Remote explosive/landmine/IED"},
    ),
    (
        "Police fired multiple shots at a car carrying three farmers in Zahedan, Iran on Monday.",
        {"sub_event_type": "Attack"},
    ),
    (
        "A shopkeeper was shot in a drive-by incident in Leon, Mexico on Monday.",
        {"sub_event_type": "Attack"},
    ),
    (
        "About 30 nurses gathered outside the St. Mary hospital in Leeds, England on Monday to "
        "call for safer staffing.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Drug traffickers started an armed confrontation with police officers in Niteroi, "
        "Brazil on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "On Monday, demonstrators fought with police near the party offices in Thies, Senegal. "
        "The demonstration had been banned; its organisers called it a march for democracy.",
        {"sub_event_type": "Violent demonstration", "inter1": 5},
    ),
    (
        "Police beat a street vendor to death in Djibouti City, Djibouti on Monday.",
        {"sub_event_type": "Attack", "inter1": 1},
    ),
    (
        "Villagers assaulted and killed two men in Kalia, Bangladesh on Monday, on suspicion "
        "of being cattle thieves.",
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    (
        "Villagers lynched two suspected cattle rustlers near Isiolo, Kenya on Monday.",
        {"sub_event_type": "Mob violence", "actor2": "Civilians (Kenya)", "fatalities": 2},
    ),
    # Tribesmen who attack are a tribal militia, not a crowd; a family's members are victims.
    (
        "Armed tribesmen kill four herders near Lodwar, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter1": 4, "fatalities": 4},
    ),
    (
        "Clansmen attack a wedding party in Garissa, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter1": 4},
    ),
    (
        "Four members of the same family were killed in an attack over a community rivalry "
        "in Moyale, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter1": 3, "fatalities": 4},
    ),
    (
        "Six members of a prayer group were injured when gunmen attacked their meeting in "
        "Mandera, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter1": 3},
    ),
    # A people named bare where it fights is its militia.
    (
        "Rendille attack a water point near Laisamis, Kenya on Monday, killing two herders.",
        {"sub_event_type": "Attack", "actor1": "Rendille Ethnic Militia (Kenya)", "inter1": 4},
    ),
    (
        "Three people died in fighting between the Borana and Gabra near Moyale, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "inter1": 4, "inter2": 4, "fatalities": 3},
    ),
    # An ambush on travellers or their vehicles attacks civilians; one on a patrol is a battle.
    (
        "Militants ambushed three vehicles and set them on fire near Mandera, Kenya on Monday.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    (
        "Gunmen ambushed an army truck near Wajir, Kenya on Monday and wounded a soldier.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    # Defenders who fight back or push the attackers back make a battle.
    (
        "Al Shabaab militants attacked a village near Lamu, Kenya on Monday. One police officer "
        "was wounded as they tried to fight back.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "Al Shabaab fighters attack Fino, Kenya on Monday. Four police and one reservist killed.",
        {"sub_event_type": "Armed clash", "actor1": "Al Shabaab", "inter2": 1, "fatalities": 5},
    ),
    # "Battle" as a verb is a clash; dumped bodies are victims of an attack.
    (
        "Rival clans battle near Wajir, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "inter1": 4},
    ),
    (
        "A vigilante militia battles police in Kisumu, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "The bodies of two traders were dumped beside a road in Kisumu, Kenya on Monday.",
        {"sub_event_type": "Attack", "fatalities": 2},
    ),
    # Live fire, or a man shot dead during the protests, is excessive force.
    (
        "Residents of Kitale, Kenya protested on Monday against police brutality. Police "
        "responded with live fire, wounding two.",
        {"sub_event_type": "Excessive force against protesters", "inter2": 1},
    ),
    (
        "Police shot dead a motorcycle taxi driver during early morning protests in Kitale, "
        "Kenya on Monday.",
        {"sub_event_type": "Excessive force against protesters", "fatalities": 1},
    ),
    # Headline forms: fighters who "surrender", a bomb "found", a hotel "razed".
    (
        "Twelve rebel fighters surrender after a long siege near Beni, DR Congo on Monday.",
        {"sub_event_type": "Agreement"},
    ),
    (
        "Bomb found under a bus seat in Eldoret, Kenya on Monday",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    # A "vigilante-style" killing by gunmen is their attack, not a mob's.
    (
        "A drug suspect was shot dead in a vigilante-style attack by unidentified assailants in "
        "Cebu City, Philippines on Monday.",
        {"sub_event_type": "Attack", "inter1": 3, "fatalities": 1},
    ),
    # Shots at a car, a bus or a fishing boat attack the people in it; at an army vehicle,
    # the army.
    (
        "Gunmen opened fire on a vehicle carrying two mayors near Kidal, Mali on Monday.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    (
        "Gunmen opened fire on a military vehicle near Kidal, Mali on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    # Brackets after an unnamed side say who it is.
    (
        "Armed men (assumed Darfur communal militia) shot and injured four herders near "
        "Kutum, Sudan on Monday.",
        {"sub_event_type": "Attack", "actor1": "Darfur Communal Militia (Sudan)", "inter1": 4},
    ),
    # Flags, effigies and pictures burnt are a protest's symbols; houses a fire destroyed
    # are a protest's grievance, not its violence.
    (
        "Party workers set the ruling party's flags on fire in Patiala, India on Monday.",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    (
        "Pupils marched in Patiala, India on Monday and burned a school uniform shirt.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "Residents gathered at the town hall in Patiala, India on Monday to demand aid after "
        "a fire destroyed 30 houses.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Air strikes in a combined air-ground operation are the battle's.
    (
        "The army carried out a combined air-ground operation involving an airstrike on "
        "suspected militants near Djibo, Burkina Faso on Monday. Four militants were killed.",
        {"sub_event_type": "Armed clash", "fatalities": 4},
    ),
    # Armed men who torch houses and kill attack; "killed 2 persons" is an attack.
    (
        "Militants attacked a village near Lamu, Kenya on Monday. One person was killed and "
        "three houses were torched.",
        {"sub_event_type": "Attack", "fatalities": 1},
    ),
    (
        "An armed group killed 2 persons when they invaded the council offices in Awka, "
        "Nigeria on Monday. Shops and vehicles were set ablaze.",
        {"sub_event_type": "Attack", "fatalities": 2},
    ),
    # Blows by the crowd at a protest make it a riot: a mob's at a campaign rally, a violent
    # demonstration's at a demonstration; the police's blows are an intervention.
    (
        "Party supporters beat up two rivals during a campaign rally in Othaya, Kenya on Monday.",
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    (
        "Lawyers assaulted two passers-by during a demonstration in Bhopal, India on Monday.",
        {"sub_event_type": "Violent demonstration", "inter1": 5},
    ),
    (
        "Police beat protesters during a demonstration in Bhopal, India on Monday.",
        {"sub_event_type": "Protest with intervention", "inter1": 6},
    ),
    (
        "Students held a demonstration in Bhopal, India on Monday over the assault of a "
        "classmate who was beaten by a teacher during a school trip.",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    # Fire towards positions, shots at forces and a downed helicopter are battles; shots at
    # a car are an attack; kin are people.
    (
        "Troops fired in the direction of rebel positions near Kidal, Mali on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Militants fired six shots at the soldiers guarding a mast near Kidal, Mali on Monday.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "Rebels downed an army helicopter near Kidal, Mali on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Police fired upon a car carrying three clerics in Khash, Iran on Monday.",
        {"sub_event_type": "Attack", "inter1": 1, "inter2": 7},
    ),
    (
        "Assailants attacked the brother of a councillor with knives in Ludhiana, India on Monday.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    # Only wounded: no deaths, coded 0, not unknown.
    (
        "Gunmen shot and wounded a trader in Cuiaba, Brazil on Monday.",
        {"sub_event_type": "Attack", "fatalities": 0},
    ),
    # Unnamed assailants whose violence is a riot's are its rioters.
    (
        "Assailants threw bricks at the car of a mayor in Khulna, Bangladesh on Monday.",
        {"sub_event_type": "Mob violence", "actor1": "Rioters (Bangladesh)", "inter1": 5},
    ),
    (
        "A hotel and two stores were razed in Eldoret, Kenya on Monday.",
        {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"},
    ),
    # Bombs dropped from the air and the drones of recent wars are air or drone strikes.
    (
        "Russian forces hit Kupiansk, Ukraine with guided aerial bombs on Monday, damaging a "
        "school.",
        {"sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia"},
    ),
    (
        "Russian aviation struck Vuhledar, Ukraine with two KAB-500 bombs on Monday.",
        {"sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia"},
    ),
    (
        "Regime helicopters dropped barrel bombs on Maarat al-Numan, Syria on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Ukrainian forces used an FPV drone to hit a truck near Tokmak, Ukraine on Monday.",
        {"sub_event_type": "Air/drone strike", "actor1": "Military Forces of Ukraine"},
    ),
    (
        "Russian forces attacked a bridge near Kherson, Ukraine with a Lancet loitering munition "
        "on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Russian forces launched Shahed-136 drones at Izmail, Ukraine on Monday, damaging a "
        "grain terminal.",
        {"sub_event_type": "Air/drone strike"},
    ),
    # The artillery hit is the target, not the weapon.
    (
        "Russian forces struck a Ukrainian artillery position near Bakhmut, Ukraine with a "
        "kamikaze drone on Monday.",
        {"sub_event_type": "Air/drone strike"},
    ),
    (
        "Ukrainian air defence intercepted four loitering munitions over Odesa, Ukraine on Monday.",
        {"sub_event_type": "Disrupted weapons use"},
    ),
    (
        "Israeli forces bombarded a market in Jabalia, Gaza on Monday, killing 6 people.",
        {"sub_event_type": "Shelling/artillery/missile attack", "fatalities": 6},
    ),
    # A base or an outpost taken, and days of fighting, are battles.
    (
        "The Arakan Army seized a military outpost near Paletwa, Myanmar on Monday.",
        {"sub_event_type": "Non-state actor overtakes territory", "actor1": "AA: Arakan Army"},
    ),
    (
        "Nine soldiers died in three days of fighting near Kidal, Mali that ended on Monday.",
        {"sub_event_type": "Armed clash"},
    ),
    (
        "Gang members stormed a prison in Cap-Haitien, Haiti on Monday, freeing 40 inmates.",
        {"sub_event_type": "Armed clash", "inter1": 3},
    ),
    # Violence named as what came before the event is not the event.
    (
        "Following an armed clash with rebels, soldiers detained five farmers in Hpakant, Myanmar "
        "on Monday.",
        {"sub_event_type": "Arrests", "inter1": 1},
    ),
    (
        "Soldiers shot dead a shepherd after exchanging fire with insurgents near Kalay, Myanmar "
        "on Monday.",
        {"sub_event_type": "Attack", "inter2": 7, "fatalities": 1},
    ),
    (
        "Police beat a student in custody in Almaty, Kazakhstan on Monday after he took part in "
        "the protests the week before.",
        {"sub_event_type": "Attack", "inter1": 1},
    ),
    (
        "Police arrested eight organisers in connection with the protests in Lahore, Pakistan "
        "on Monday.",
        {"sub_event_type": "Arrests"},
    ),
    # Alone, or named again outside such words, they are the event.
    (
        "Two soldiers were killed following a grenade attack in Baidoa, Somalia on Monday.",
        {"sub_event_type": "Grenade", "fatalities": 2},
    ),
    (
        "After clashes with the army, four rebels died in Beni, Congo on Monday.",
        {"sub_event_type": "Armed clash", "fatalities": 4},
    ),
    (
        "Students took part in a protest against exam fees in Kano, Nigeria on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Passers-by who catch and beat a suspect are a mob.
    (
        "Motorists caught a suspected thief at a fuel station in Thika, Kenya on Monday and beat "
        "him badly.",
        {"sub_event_type": "Mob violence", "inter2": 7},
    ),
    # Forces that raid a hideout fight the group in it; a protest's "raid" needs a protest.
    (
        "Troops raided a rebel hideout in the hills near Kalay, Myanmar on Monday and killed "
        "four fighters.",
        {"sub_event_type": "Armed clash", "inter1": 1, "fatalities": 4},
    ),
    # A base or station attacked is a battle; the forces that killed the attackers fought.
    (
        "Separatists attacked a naval air station in Gwadar, Pakistan on Monday. Soldiers killed "
        "all five attackers.",
        {
            "sub_event_type": "Armed clash",
            "actor2": "Military Forces of Pakistan",
            "fatalities": 5,
        },
    ),
    # Gunmen "of" a named group are that group's.
    (
        "Gunmen of the CJNG shot dead a municipal police chief in Irapuato, Mexico on Monday.",
        {"actor1": "CJNG: Jalisco New Generation Cartel", "inter2": 1},
    ),
    # Drones "launched by" a country were its own, whoever shot most of them down.
    (
        "Ukrainian air defence shot down 30 of 34 drones launched by Russia overnight on "
        "Monday; debris hit a warehouse in Kharkiv.",
        {"sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia"},
    ),
    # An acronym several armies share is the one of the event's country.
    (
        "SNA soldiers pushed back an Al Shabaab assault on their base in Beledweyne, Somalia "
        "on Monday; six militants died.",
        {"actor1": "Military Forces of Somalia", "inter1": 1},
    ),
    (
        "SNA factions shelled SDF positions near Manbij, Syria on Monday.",
        {"actor1": "JWS: Syrian National Army", "inter1": 2},
    ),
    # A rescue after a gunfight is the gunfight; the students were kidnapped earlier.
    (
        "Troops freed 14 kidnapped pupils after a gunfight with bandits near Gusau, Nigeria on "
        "Monday; three bandits were killed.",
        {"sub_event_type": "Armed clash", "inter2": 3, "fatalities": 3},
    ),
    # Civilians caught in a fight are not its other side.
    (
        "Two tribes clashed over farmland near Nasiriyah, Iraq on Monday; a passing driver was "
        "killed.",
        {"sub_event_type": "Armed clash", "inter2": 4},
    ),
    # Two sides joined by "and" that fought, or signed, are each other's other side.
    (
        "Kyrgyz and Tajik troops exchanged fire near Batken on Monday.",
        {"actor2": "Military Forces of Tajikistan"},
    ),
    (
        "The Sudanese army and the RSF signed a ten-day truce in Jeddah on Monday.",
        {"sub_event_type": "Agreement", "actor2": "RSF: Rapid Support Forces"},
    ),
    # Unnamed militants beside one named group are that group's men.
    (
        "Somali troops retook the town of Mahaday, Somalia from Al Shabaab on Monday; nine "
        "militants were killed.",
        {"sub_event_type": "Government regains territory", "actor2": "Al Shabaab"},
    ),
    # A crowd that falls on a protest intervenes in it, as rioters against protesters.
    (
        "Opposition supporters held a rally in Sylhet, Bangladesh on Monday. Ruling party "
        "activists attacked the rally with sticks, wounding 15.",
        {"sub_event_type": "Protest with intervention", "inter1": 5, "inter2": 6},
    ),
    # A criminal group's members are a gang, not a crowd; a suspected kidnapper, no abduction.
    (
        "A police officer was shot dead by members of a criminal group in Acapulco, Mexico on "
        "Monday.",
        {"sub_event_type": "Armed clash", "inter1": 3},
    ),
    (
        "Residents set a suspected kidnapper on fire in Port-au-Prince, Haiti on Monday.",
        {"sub_event_type": "Mob violence", "inter1": 5},
    ),
    # Who found the body did not kill; one body found is one death.
    (
        "Police found the body of a trader with gunshot wounds near Culiacan, Mexico on Monday.",
        {"sub_event_type": "Attack", "inter1": 3, "fatalities": 1},
    ),
    (
        "Ukrainian forces hit a Russian radar station in Crimea with drones on Monday.",
        {"sub_event_type": "Air/drone strike", "actor2": "Military Forces of Russia"},
    ),
    # A town the small model takes for a date, or a people, after "in" is a town.
    (
        "Gunmen attacked a checkpoint in Turbat on Monday, killing two soldiers.",
        {"country": "Pakistan"},
    ),
    (
        "Police shot dead two protesters in Kasese on Monday.",
        {"country": "Uganda"},
    ),
    # An armed group's home country decides between namesakes the report does not place.
    (
        "M23 rebels shelled army positions near Sake on Monday, killing three civilians.",
        {"country": "Democratic Republic of Congo"},
    ),
    (
        "JNIM militants clashed with VDP fighters near Kaya on Monday.",
        {"country": "Burkina Faso"},
    ),
    # Protesters who came armed, or a protest called violent, are a violent demonstration;
    # a non-violent one is not.
    (
        "Protesters armed with sticks and stones blocked the highway at Kisii, Kenya on Monday.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Hundreds joined violent post-election protests in Kisumu, Kenya on Monday.",
        {"sub_event_type": "Violent demonstration"},
    ),
    (
        "Hundreds joined non-violent protests against the tax bill in Kisumu, Kenya on Monday.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Peoples that fight are their militias, not a crowd; a people in the plural is no army.
    (
        "Fresh violence between Kalenjins and Maasais near Narok, Kenya on Monday drove 500 "
        "residents from their homes.",
        {"sub_event_type": "Armed clash", "actor1": "Kalenjin Ethnic Militia (Kenya)"},
    ),
    (
        "Somalis and Boranas clashed over a well near Moyale, Kenya on Monday.",
        {"sub_event_type": "Armed clash", "actor1": "Borana Ethnic Militia (Kenya)"},
    ),
    # The other side named after a fight's "with".
    (
        "Two armed men exchanged fire with military police in Belem, Brazil on Monday; both "
        "were killed.",
        {"actor2": "Police Forces of Brazil", "fatalities": 2},
    ),
    # Beheadings kill; pellets fired at a protest are an intervention; windows smashed and
    # graffiti sprayed are vandalism.
    (
        "Insurgents beheaded four fishermen near Macomia, Mozambique on Monday.",
        {"sub_event_type": "Attack", "fatalities": 4},
    ),
    (
        "Police fired pellets at students protesting in Srinagar, India on Monday.",
        {"sub_event_type": "Protest with intervention"},
    ),
    (
        "Activists attacked a party office in Dresden, Germany on Monday, smashing windows and "
        "spraying graffiti.",
        {"sub_event_type": "Mob violence"},
    ),
    # The source's tally for the row beats the counts the note repeats.
    (
        "Government forces clashed with rebels near Kaga-Bandoro, Central African Republic on "
        "Monday; the rebels said they killed 14 soldiers. Fatalities coded as 3.",
        {"fatalities": 3},
    ),
    # A source's tag decides the sub-event type: words that would make it violence are its
    # detail ("set 40 houses on fire", with a death in the background).
    (
        "Property destruction: On Monday, soldiers set 40 houses on fire in Pauk, Myanmar, "
        "a week after a local official was shot dead.",
        {"sub_event_type": "Looting/property destruction", "inter1": 1, "fatalities": 0},
    ),
    (
        "Non-violent activity: On Monday, militants ordered farmers near Djibo, Burkina Faso "
        "to leave their fields.",
        {"sub_event_type": "Other"},
    ),
    # Victims described as a gang's men or as police after the attack were a side in a fight.
    (
        "Armed men shot dead a man outside a bar in Tijuana, Mexico on Monday. The victim was "
        "identified as a member of a drug trafficking gang.",
        {"sub_event_type": "Armed clash", "actor2": "Unidentified Gang (Mexico)"},
    ),
    (
        "Gunmen killed two men in Zamora, Mexico on Monday. One of the victims was a police "
        "officer.",
        {"sub_event_type": "Armed clash", "inter2": 1},
    ),
    (
        "Gunmen killed a man in Zamora, Mexico on Monday. The victim was rescued by police too "
        "late.",
        {"sub_event_type": "Attack", "inter2": 7},
    ),
    # A crowd size is given for demonstrations only: a gathering without protest words was
    # one, and a crowd's violence is a riot.
    (
        "On Monday, neighbours formed a human chain around the old theatre in Rosario, "
        "Argentina to ask for its reopening. [size=around 80]",
        {"sub_event_type": "Peaceful protest", "inter1": 6},
    ),
    (
        "On Monday, a group of men beat a bus driver during a transport strike in Kano, "
        "Nigeria. [size=no report]",
        {"event_type": "Riots"},
    ),
    (
        "On Monday, residents killed a man they accused of theft in Uvira, Congo. [size=no report]",
        {"sub_event_type": "Mob violence", "fatalities": 1},
    ),
    # Event words inside a name, or a man who sets himself on fire, make no violence.
    (
        "On Monday, residents of Burnt Store Isles in Punta Gorda, United States gathered to "
        "oppose the felling of oak trees.",
        {"sub_event_type": "Peaceful protest"},
    ),
    (
        "On Monday, a farmer set himself on fire outside the parliament in Rome, Italy to "
        "protest against debts.",
        {"sub_event_type": "Peaceful protest"},
    ),
    # Generic words stay generic: "separatist forces" outside Ukraine are no Donbas republic.
    (
        "Separatist forces ambushed an army patrol near Bamenda, Cameroon on Monday.",
        {"actor1": "Unidentified Armed Group (Cameroon)"},
    ),
]


@pytest.mark.parametrize(("report", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_codes_the_first_event(report, expected):
    events = incidex.code(report, published=PUBLISHED)
    assert events, "no event coded"
    got = {field: getattr(events[0], field) for field in expected}
    got["event_date"] = got.get("event_date") and str(got["event_date"])
    assert {k: got[k] for k in expected} == expected


def test_no_violence_no_event():
    report = (
        "The central bank held interest rates at 9 percent on Tuesday, citing slowing inflation."
    )
    assert incidex.code(report, published=PUBLISHED) == []


def test_every_event_points_to_its_words():
    report = CASES[0][0]
    event = incidex.code(report, published=PUBLISHED)[0]
    fields = {e.field for e in event.evidence}
    assert {"sub_event_type", "event_date", "fatalities", "location"} <= fields
    for evidence in event.evidence:
        for span in evidence.spans:
            assert report[span.start : span.end] == span.text


def test_criticism_is_no_fire() -> None:
    report = (
        "The health ministry in Kisumu, Kenya has come under fire from nurses' unions over "
        "late salaries, and came under attack from lawmakers on Tuesday."
    )
    assert incidex.code(report, published=PUBLISHED) == []


@pytest.mark.parametrize(
    "report",
    [
        "Mourners gathered outside the church in Dijon, France on Monday for a funeral.",
        "Relatives held a funeral procession through the old town of Sylhet, Bangladesh on Monday.",
    ],
)
def test_a_funeral_is_no_protest(report: str) -> None:
    assert incidex.code(report, published=PUBLISHED) == []
