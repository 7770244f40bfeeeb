// Realistic Polish reference data for the demo seed and the benchmark generator.

export const FIRST_NAMES_F = ["Anna", "Małgorzata", "Katarzyna", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Żaneta", "Łucja", "Zofia", "Jadwiga", "Grażyna", "Bożena", "Aleksandra", "Weronika", "Dorota", "Halina", "Teresa", "Urszula"];
export const FIRST_NAMES_M = ["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Łukasz", "Marcin", "Grzegorz", "Józef", "Stanisław", "Wojciech", "Mateusz", "Jakub", "Bartłomiej", "Zbigniew", "Jarosław", "Sławomir", "Przemysław", "Radosław"];
// Surnames given in their masculine form; feminineSurname() derives the feminine one.
export const SURNAMES = ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Żółć", "Błaszczyk", "Wróblewski", "Górecki", "Chmielewski", "Sęk", "Ślusarczyk", "Jaworski", "Łukaszewicz"];
export const COMPANIES = ["Elektro-Mix Sp. z o.o.", "Sklep Sportowy Górski s.c.", "Księgarnia Pod Sową Sp. j.", "AGD Świat Sp. z o.o.", "Zabawki Łódź Sp. z o.o.", "Moda Żurawska Sp. k.", "Ogród i Dom Wiśniewscy s.c.", "Fotoplastikon Kraków Sp. z o.o.", "Rowerownia Gdańsk Sp. z o.o.", "Hurtownia Części Śląsk S.A."];
export const CITIES: [city: string, postalPrefix: string][] = [["Warszawa", "00"], ["Kraków", "30"], ["Łódź", "90"], ["Wrocław", "50"], ["Poznań", "60"], ["Gdańsk", "80"], ["Szczecin", "70"], ["Bydgoszcz", "85"], ["Lublin", "20"], ["Białystok", "15"], ["Katowice", "40"], ["Gdynia", "81"], ["Częstochowa", "42"], ["Radom", "26"], ["Toruń", "87"], ["Rzeszów", "35"], ["Kielce", "25"], ["Olsztyn", "10"], ["Zielona Góra", "65"], ["Opole", "45"]];
export const STREETS = ["Marszałkowska", "Piotrkowska", "Długa", "Świętojańska", "Grunwaldzka", "Mickiewicza", "Słowackiego", "Kościuszki", "Żeromskiego", "Sienkiewicza", "Kopernika", "3 Maja", "Łąkowa", "Źródlana", "Jagiellońska", "Wrocławska", "Ogrodowa", "Polna", "Leśna", "Krótka"];
export const CARRIERS = ["InPost", "DPD", "DHL", "Poczta Polska", "GLS", "Orlen Paczka"];

export interface ProductTemplate {
  title: string;
  brand: string | null;
  /** grosze */
  minPrice: number;
  maxPrice: number;
}

export const PRODUCTS: ProductTemplate[] = [
  { title: "Smartfon Galaxy S24 128 GB", brand: "Samsung", minPrice: 299900, maxPrice: 399900 },
  { title: "iPhone 15 Pro 256 GB tytan naturalny", brand: "Apple", minPrice: 519900, maxPrice: 619900 },
  { title: "MacBook Pro 16 M3 Max 1 TB", brand: "Apple", minPrice: 1499900, maxPrice: 1899900 },
  { title: "Słuchawki WH-1000XM5 czarne", brand: "Sony", minPrice: 119900, maxPrice: 169900 },
  { title: "Buty do biegania Pegasus 40 rozm. 43", brand: "Nike", minPrice: 39900, maxPrice: 59900 },
  { title: "Bluza z kapturem Essentials", brand: "Adidas", minPrice: 14900, maxPrice: 29900 },
  { title: "Klocki Technic Porsche 911 GT3 RS", brand: "LEGO", minPrice: 79900, maxPrice: 99900 },
  { title: "Wiertarko-wkrętarka GSR 18V-55 z 2 akumulatorami", brand: "Bosch", minPrice: 69900, maxPrice: 89900 },
  { title: "Ekspres do kawy Magnifica S", brand: "De'Longhi", minPrice: 119900, maxPrice: 149900 },
  { title: "Odkurzacz bezprzewodowy V15 Detect", brand: "Dyson", minPrice: 279900, maxPrice: 329900 },
  { title: "Konsola PlayStation 5 Slim z napędem", brand: "Sony", minPrice: 219900, maxPrice: 259900 },
  { title: "Rower trekkingowy 28\" rama 19\"", brand: "Kross", minPrice: 189900, maxPrice: 249900 },
  { title: "Torebka skórzana listonoszka brązowa", brand: "Wittchen", minPrice: 29900, maxPrice: 49900 },
  { title: "Zegarek Seamaster Diver 300M", brand: "Omega", minPrice: 2490000, maxPrice: 2790000 },
  { title: "Perfumy Sauvage EDT 100 ml", brand: "Dior", minPrice: 44900, maxPrice: 59900 },
  { title: "Książka „Pan Tadeusz” wydanie ilustrowane", brand: null, minPrice: 5990, maxPrice: 8990 },
  { title: "Kubek ceramiczny ręcznie malowany Bolesławiec", brand: null, minPrice: 3990, maxPrice: 6990 },
  { title: "Sofa narożna szara 3-osobowa z funkcją spania", brand: null, minPrice: 249900, maxPrice: 349900 },
  { title: "Kurtka zimowa puchowa męska L", brand: "4F", minPrice: 39900, maxPrice: 59900 },
  { title: "Telewizor OLED 65\" C3", brand: "LG", minPrice: 599900, maxPrice: 749900 },
];

/** grosze; a few above 100 PLN so the claims' shipping cap is exercised by real data. */
export const SHIPPING_COSTS = [0, 999, 1299, 1499, 1899, 2499, 3999, 9999, 10000, 12900, 14900];

export function feminineSurname(surname: string): string {
  if (surname.endsWith("ski")) return surname.slice(0, -3) + "ska";
  if (surname.endsWith("cki")) return surname.slice(0, -3) + "cka";
  if (surname.endsWith("dzki")) return surname.slice(0, -4) + "dzka";
  return surname;
}

/** Deterministic PRNG (mulberry32) so the demo data is the same on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, int, pick };
}

export type Random = ReturnType<typeof createRandom>;

export function randomPerson(random: Random) {
  const female = random.next() < 0.5;
  const first = random.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
  const surnameBase = random.pick(SURNAMES);
  const surname = female ? feminineSurname(surnameBase) : surnameBase;
  return { name: `${first} ${surname}`, first, surname };
}

export function randomAddress(random: Random) {
  const [city, prefix] = random.pick(CITIES);
  return {
    street: `ul. ${random.pick(STREETS)} ${random.int(1, 180)}${random.next() < 0.4 ? `/${random.int(1, 60)}` : ""}`,
    postalCode: `${prefix}-${String(random.int(1, 999)).padStart(3, "0")}`,
    city,
  };
}

export function randomPhone(random: Random) {
  return `+48 ${random.int(500, 899)} ${random.int(100, 999)} ${random.int(100, 999)}`;
}

/** ASCII local part for e-mail addresses: "Łukasz Żółć" → "lukasz.zolc". */
export function emailLocalPart(name: string): string {
  const map: Record<string, string> = { ą: "a", ć: "c", ę: "e", ł: "l", ń: "n", ó: "o", ś: "s", ź: "z", ż: "z" };
  return name
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (ch) => map[ch])
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.|\.$/g, "");
}
