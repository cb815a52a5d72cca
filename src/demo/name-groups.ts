/**
 * Given and family names of the cultural groups the demo population is drawn from,
 * written the way each group writes them (accents, umlauts, diacritics), and where the
 * group has a script of its own, the name in that script too ("Latin|native").
 * Family names that differ by gender are written "male/female" (Kowalski/Kowalska).
 * Written by hand for Hale; common names only, no real persons.
 */

export interface Language {
  code: string; // BCP-47
  display: string;
}

export interface NameGroupSource {
  key: string;
  /** Relative share of the generated population. */
  weight: number;
  /** Languages patients of the group speak, the first the most common. */
  languages: readonly Language[];
  male: readonly string[];
  female: readonly string[];
  family: readonly string[];
  /** Chance of a second given (middle) name. */
  middleChance: number;
  /** Where a middle name comes from: the own list (default), the father's (male) list, or a fixed list per gender. */
  middleFrom?: 'same' | 'father' | { male: readonly string[]; female: readonly string[] };
  /** Chance of two family names (Spanish, Portuguese). */
  secondFamilyChance?: number;
  /** The family name comes first when written (Chinese, Japanese, Korean, Vietnamese). */
  familyFirst?: boolean;
  /** The ISO 21090 representation of the native-script names, when the group has them. */
  nativeRepresentation?: 'IDE' | 'SYL' | 'ABC';
  /** Separator between family and given names in native script ('' for Chinese and Korean). */
  nativeSeparator?: string;
}

const EN_US: Language = { code: 'en-US', display: 'English (United States)' };

export const NAME_GROUPS: readonly NameGroupSource[] = [
  {
    key: 'english',
    weight: 30,
    languages: [EN_US],
    male: ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Andrew', 'Joshua', 'Kevin', 'Brian', 'George', 'Edward', 'Ryan', 'Jacob', 'Ethan', 'Noah', 'Liam', 'Oliver', 'Henry', 'Samuel', 'Benjamin', 'Charles', 'Zachary', 'Dylan'],
    female: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Emily', 'Emma', 'Olivia', 'Ava', 'Sophia', 'Charlotte', 'Amelia', 'Abigail', 'Hannah', 'Margaret', 'Dorothy', 'Rebecca', 'Laura', 'Rachel', 'Megan', 'Grace', 'Chloe', 'Zoë', 'Renée', 'Madison'],
    family: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Campbell', 'Roberts', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', "O'Brien", "O'Connor", 'McCarthy', 'Fitzgerald', 'Sullivan'],
    middleChance: 0.6,
  },
  {
    key: 'spanish',
    weight: 16,
    languages: [
      { code: 'es', display: 'Spanish' },
      { code: 'es-MX', display: 'Spanish (Mexico)' },
    ],
    male: ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Alejandro', 'Javier', 'Sergio', 'Andrés', 'Fernando', 'Ramón', 'Raúl', 'Diego', 'Pablo', 'Rubén', 'Héctor', 'Óscar', 'Iván', 'Adrián', 'Tomás', 'Joaquín', 'Sebastián', 'Mateo', 'Santiago', 'Emiliano', 'Ignacio', 'Ángel', 'Jesús', 'Martín'],
    female: ['María', 'Carmen', 'Ana', 'Lucía', 'Sofía', 'Isabel', 'Elena', 'Laura', 'Marta', 'Paula', 'Valentina', 'Camila', 'Daniela', 'Gabriela', 'Verónica', 'Inés', 'Mónica', 'Beatriz', 'Rocío', 'Pilar', 'Guadalupe', 'Ximena', 'Natalia', 'Mariana', 'Andrea', 'Adriana', 'Leticia', 'Begoña', 'Nuria', 'Montserrat'],
    family: ['García', 'Rodríguez', 'Martínez', 'López', 'González', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales', 'Jiménez', 'Ruiz', 'Álvarez', 'Castillo', 'Vázquez', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Ortiz', 'Muñoz', 'Castro', 'Gutiérrez', 'Chávez', 'Ibáñez', 'Peña', 'Núñez', 'Domínguez', 'Fernández', 'Cruz', 'Mendoza', 'Vargas', 'Navarro', 'Córdoba'],
    middleChance: 0.35,
    secondFamilyChance: 0.7,
  },
  {
    key: 'portuguese',
    weight: 4,
    languages: [
      { code: 'pt-BR', display: 'Portuguese (Brazil)' },
      { code: 'pt-PT', display: 'Portuguese (Portugal)' },
    ],
    male: ['João', 'José', 'António', 'Francisco', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Thiago', 'Felipe', 'Gustavo', 'Matheus', 'Bruno', 'Rodrigo', 'Luís', 'Vítor', 'Caio', 'Leonardo', 'Diogo', 'Rui', 'Sérgio', 'Fábio', 'Márcio', 'Otávio'],
    female: ['Maria', 'Ana', 'Francisca', 'Juliana', 'Mariana', 'Beatriz', 'Larissa', 'Camila', 'Letícia', 'Fernanda', 'Patrícia', 'Aline', 'Bruna', 'Conceição', 'Inês', 'Joana', 'Raquel', 'Luíza', 'Vitória', 'Lívia', 'Débora', 'Cecília', 'Isabela', 'Márcia'],
    family: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Gonçalves', 'Araújo', 'Magalhães', 'Simões', 'Brandão', 'Falcão', 'Assunção'],
    middleChance: 0.3,
    secondFamilyChance: 0.6,
  },
  {
    key: 'french',
    weight: 4,
    languages: [
      { code: 'fr', display: 'French' },
      { code: 'fr-CA', display: 'French (Canada)' },
    ],
    male: ['Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Louis', 'Nicolas', 'François', 'Jacques', 'Bernard', 'Alain', 'Éric', 'Stéphane', 'Julien', 'Mathieu', 'Sébastien', 'Thierry', 'Olivier', 'Benoît', 'Jérôme', 'Théo', 'Hugo', 'Léo', 'Gaël', 'Noël', 'Clément', 'Rémi', 'Aurélien', 'Jean-Luc', 'Jean-Pierre'],
    female: ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Hélène', 'Céline', 'Sophie', 'Valérie', 'Christine', 'Chloé', 'Léa', 'Manon', 'Camille', 'Inès', 'Juliette', 'Margaux', 'Élodie', 'Aurélie', 'Mélanie', 'Amélie', 'Noémie', 'Anaïs', 'Joséphine', 'Geneviève', 'Cécile', 'Émilie', 'Marie-Claire', 'Anne-Sophie'],
    family: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Mercier', 'Boyer', 'Chevalier', 'Blanchard', 'Gauthier', 'Perrin', 'Béranger', 'Lemaître', 'Côté', 'Gagné', 'Bélanger', 'Pelletier', 'Leclerc', 'Brûlé'],
    middleChance: 0.3,
  },
  {
    key: 'german',
    weight: 4,
    languages: [{ code: 'de', display: 'German' }],
    male: ['Jürgen', 'Hans', 'Klaus', 'Wolfgang', 'Peter', 'Stefan', 'Michael', 'Thomas', 'Andreas', 'Uwe', 'Günter', 'Dieter', 'Jörg', 'Björn', 'Lukas', 'Jonas', 'Felix', 'Maximilian', 'Leon', 'Niklas', 'Matthias', 'Florian', 'Tobias', 'Sören', 'Jan', 'Moritz', 'Benedikt', 'Ralf'],
    female: ['Ursula', 'Gisela', 'Renate', 'Monika', 'Petra', 'Sabine', 'Andrea', 'Claudia', 'Susanne', 'Birgit', 'Jutta', 'Käthe', 'Brigitte', 'Hannelore', 'Anna', 'Lena', 'Lea', 'Hannah', 'Mia', 'Emilia', 'Johanna', 'Katharina', 'Jana', 'Sophie', 'Marlene', 'Lisa', 'Franziska', 'Dörte'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Weiß', 'Jäger', 'Günther', 'Böhm', 'Vogel', 'Fuchs', 'Groß', 'Kühn', 'Möller', 'Brandt'],
    middleChance: 0.35,
  },
  {
    key: 'italian',
    weight: 4,
    languages: [{ code: 'it', display: 'Italian' }],
    male: ['Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Angelo', 'Vincenzo', 'Pietro', 'Salvatore', 'Carlo', 'Franco', 'Domenico', 'Bruno', 'Paolo', 'Marco', 'Alessandro', 'Lorenzo', 'Matteo', 'Andrea', 'Leonardo', 'Riccardo', 'Niccolò', 'Fabrizio'],
    female: ['Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia', 'Carmela', 'Francesca', 'Giulia', 'Chiara', 'Sara', 'Martina', 'Alessia', 'Federica', 'Elisa', 'Valentina', 'Beatrice', 'Aurora', 'Ginevra', 'Lucrezia', 'Benedetta'],
    family: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', "D'Angelo", 'Tedesco', 'Cantù', 'Fabbri', 'Lucà', 'Parisi'],
    middleChance: 0.15,
  },
  {
    key: 'polish',
    weight: 3,
    languages: [{ code: 'pl', display: 'Polish' }],
    male: ['Łukasz', 'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Jakub', 'Grzegorz', 'Wojciech', 'Mateusz', 'Adam', 'Marek', 'Rafał', 'Kamil', 'Bartłomiej', 'Zbigniew', 'Jerzy', 'Stanisław', 'Józef', 'Dawid', 'Szymon', 'Przemysław'],
    female: ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Zofia', 'Joanna', 'Magdalena', 'Monika', 'Aleksandra', 'Natalia', 'Julia', 'Jadwiga', 'Grażyna', 'Danuta', 'Bożena', 'Halina', 'Urszula', 'Wiktoria', 'Łucja'],
    family: ['Nowak', 'Kowalski/Kowalska', 'Wiśniewski/Wiśniewska', 'Wójcik', 'Kowalczyk', 'Kamiński/Kamińska', 'Lewandowski/Lewandowska', 'Zieliński/Zielińska', 'Szymański/Szymańska', 'Woźniak', 'Dąbrowski/Dąbrowska', 'Kozłowski/Kozłowska', 'Jankowski/Jankowska', 'Mazur', 'Kwiatkowski/Kwiatkowska', 'Krawczyk', 'Piotrowski/Piotrowska', 'Grabowski/Grabowska', 'Nowakowski/Nowakowska', 'Pawłowski/Pawłowska', 'Michalski/Michalska', 'Król', 'Wieczorek', 'Jabłoński/Jabłońska', 'Wróbel', 'Majewski/Majewska', 'Stępień', 'Górski/Górska', 'Sikora', 'Baran'],
    middleChance: 0.2,
  },
  {
    key: 'greek',
    weight: 2,
    languages: [{ code: 'el', display: 'Greek' }],
    male: ['Georgios|Γεώργιος', 'Ioannis|Ιωάννης', 'Konstantinos|Κωνσταντίνος', 'Dimitrios|Δημήτριος', 'Nikolaos|Νικόλαος', 'Panagiotis|Παναγιώτης', 'Vasileios|Βασίλειος', 'Christos|Χρήστος', 'Athanasios|Αθανάσιος', 'Michail|Μιχαήλ', 'Evangelos|Ευάγγελος', 'Spyridon|Σπυρίδων', 'Antonios|Αντώνιος', 'Alexandros|Αλέξανδρος', 'Stavros|Σταύρος', 'Eleftherios|Ελευθέριος'],
    female: ['Maria|Μαρία', 'Eleni|Ελένη', 'Aikaterini|Αικατερίνη', 'Vasiliki|Βασιλική', 'Sofia|Σοφία', 'Angeliki|Αγγελική', 'Georgia|Γεωργία', 'Dimitra|Δήμητρα', 'Konstantina|Κωνσταντίνα', 'Paraskevi|Παρασκευή', 'Anastasia|Αναστασία', 'Eirini|Ειρήνη', 'Christina|Χριστίνα', 'Panagiota|Παναγιώτα', 'Theodora|Θεοδώρα', 'Despoina|Δέσποινα'],
    family: ['Papadopoulos/Papadopoulou|Παπαδόπουλος/Παπαδοπούλου', 'Papadakis|Παπαδάκης', 'Georgiou|Γεωργίου', 'Oikonomou|Οικονόμου', 'Nikolaidis/Nikolaidou|Νικολαΐδης/Νικολαΐδου', 'Vlachos/Vlachou|Βλάχος/Βλάχου', 'Antoniou|Αντωνίου', 'Pappas/Pappa|Παππάς/Παππά', 'Karagiannis/Karagianni|Καραγιάννης/Καραγιάννη', 'Makris/Makri|Μακρής/Μακρή', 'Dimitriou|Δημητρίου', 'Ioannidis/Ioannidou|Ιωαννίδης/Ιωαννίδου', 'Konstantinidis/Konstantinidou|Κωνσταντινίδης/Κωνσταντινίδου', 'Angelopoulos/Angelopoulou|Αγγελόπουλος/Αγγελοπούλου', 'Christodoulou|Χριστοδούλου', 'Alexiou|Αλεξίου'],
    middleChance: 0,
    nativeRepresentation: 'ABC',
    nativeSeparator: ' ',
  },
  {
    key: 'turkish',
    weight: 2,
    languages: [{ code: 'tr', display: 'Turkish' }],
    male: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'İsmail', 'Osman', 'Yusuf', 'Murat', 'Ömer', 'Ramazan', 'Halil', 'Süleyman', 'Abdullah', 'Mahmut', 'Emre', 'Burak', 'Oğuz', 'Çağrı', 'Barış', 'Serkan', 'Tolga', 'Kerem', 'Eren'],
    female: ['Fatma', 'Ayşe', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Meryem', 'Şerife', 'Zehra', 'Sultan', 'Hanife', 'Merve', 'Özlem', 'Gülşen', 'Büşra', 'Esra', 'Yasemin', 'Derya', 'Gökçe', 'Aslı', 'Nazlı', 'İrem', 'Ebru', 'Şeyma', 'Gül', 'Sevgi'],
    family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek', 'Polat', 'Özcan', 'Korkmaz', 'Çakır', 'Erdoğan', 'Yavuz', 'Güneş', 'Aktaş', 'Bulut', 'Ünal'],
    middleChance: 0.15,
  },
  {
    key: 'arabic',
    weight: 4,
    languages: [{ code: 'ar', display: 'Arabic' }],
    male: ['Mohammed|محمد', 'Ahmed|أحمد', 'Ali|علي', 'Omar|عمر', 'Youssef|يوسف', 'Khaled|خالد', 'Hassan|حسن', 'Hussein|حسين', 'Ibrahim|إبراهيم', 'Abdullah|عبد الله', 'Mahmoud|محمود', 'Mustafa|مصطفى', 'Tariq|طارق', 'Karim|كريم', 'Samir|سمير', 'Nabil|نبيل', 'Rami|رامي', 'Ziad|زياد', 'Faisal|فيصل', 'Hamza|حمزة'],
    female: ['Fatima|فاطمة', 'Aisha|عائشة', 'Maryam|مريم', 'Zainab|زينب', 'Layla|ليلى', 'Noor|نور', 'Huda|هدى', 'Amira|أميرة', 'Yasmin|ياسمين', 'Salma|سلمى', 'Rania|رانيا', 'Hanaa|هناء', 'Dalia|داليا', 'Mona|منى', 'Rana|رنا', 'Samira|سميرة', 'Lina|لينا', 'Sara|سارة', 'Nadia|نادية', 'Khadija|خديجة'],
    family: ['Al-Sayed|السيد', 'Haddad|حداد', 'Khoury|خوري', 'Mansour|منصور', 'Hamdan|حمدان', 'Nasser|ناصر', 'Saleh|صالح', 'Abdel-Rahman|عبد الرحمن', 'Al-Hashimi|الهاشمي', 'Darwish|درويش', 'Farouk|فاروق', 'Qasim|قاسم', 'Bakr|بكر', 'El-Masri|المصري', 'Aziz|عزيز', 'Hamad|حمد', 'Khalil|خليل', 'Al-Amin|الأمين', 'Said|سعيد', 'Jaber|جابر', 'Rahim|رحيم'],
    middleChance: 0.4,
    middleFrom: 'father',
    nativeRepresentation: 'ABC',
    nativeSeparator: ' ',
  },
  {
    key: 'indian',
    weight: 6,
    languages: [
      { code: 'hi', display: 'Hindi' },
      { code: 'ta', display: 'Tamil' },
      { code: 'te', display: 'Telugu' },
      { code: 'bn', display: 'Bengali' },
      { code: 'gu', display: 'Gujarati' },
      { code: 'pa', display: 'Punjabi' },
      { code: 'en-IN', display: 'English (India)' },
    ],
    male: ['Aarav', 'Arjun', 'Rahul', 'Rohan', 'Vikram', 'Sanjay', 'Rajesh', 'Suresh', 'Ramesh', 'Amit', 'Anil', 'Sunil', 'Deepak', 'Manoj', 'Vijay', 'Ravi', 'Karthik', 'Siddharth', 'Aditya', 'Pranav', 'Harish', 'Venkatesh', 'Gurpreet', 'Arnav', 'Ishaan', 'Mohan', 'Nikhil', 'Prakash'],
    female: ['Priya', 'Ananya', 'Aishwarya', 'Deepika', 'Kavya', 'Lakshmi', 'Meera', 'Neha', 'Pooja', 'Radha', 'Sunita', 'Anjali', 'Divya', 'Shreya', 'Sneha', 'Swati', 'Aarti', 'Gayatri', 'Jyoti', 'Kamala', 'Padma', 'Rekha', 'Shalini', 'Nandini', 'Harpreet', 'Ishita', 'Saanvi', 'Diya'],
    family: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Rao', 'Iyer', 'Nair', 'Menon', 'Pillai', 'Desai', 'Joshi', 'Mehta', 'Shah', 'Chatterjee', 'Banerjee', 'Mukherjee', 'Das', 'Bose', 'Agarwal', 'Malhotra', 'Kapoor', 'Verma', 'Chopra', 'Krishnan', 'Subramanian', 'Naidu', 'Bhat', 'Kulkarni', 'Deshpande', 'Gill', 'Sandhu', 'Choudhury'],
    middleChance: 0.2,
  },
  {
    key: 'chinese',
    weight: 6,
    languages: [
      { code: 'zh-CN', display: 'Chinese (China)' },
      { code: 'zh-TW', display: 'Chinese (Taiwan)' },
      { code: 'zh-HK', display: 'Chinese (Hong Kong)' },
    ],
    male: ['Wei|伟', 'Jun|军', 'Qiang|强', 'Lei|磊', 'Yang|洋', 'Jie|杰', 'Tao|涛', 'Ming|明', 'Chao|超', 'Hao|浩', 'Yong|勇', 'Jian|建', 'Bo|波', 'Hui|辉', 'Peng|鹏', 'Zhiwei|志伟', 'Jianguo|建国', 'Haoran|浩然', 'Yuxuan|宇轩', 'Zihao|子豪', 'Junjie|俊杰', 'Xiaoming|小明'],
    female: ['Fang|芳', 'Na|娜', 'Min|敏', 'Jing|静', 'Li|丽', 'Yan|燕', 'Xiu|秀', 'Juan|娟', 'Ying|英', 'Hua|华', 'Hong|红', 'Mei|梅', 'Lan|兰', 'Xiaoyan|晓燕', 'Yuting|雨婷', 'Xinyi|欣怡', 'Zihan|梓涵', 'Shuang|爽', 'Lili|丽丽', 'Ting|婷', 'Yue|悦', 'Qian|倩'],
    family: ['Wang|王', 'Li|李', 'Zhang|张', 'Liu|刘', 'Chen|陈', 'Yang|杨', 'Huang|黄', 'Zhao|赵', 'Wu|吴', 'Zhou|周', 'Xu|徐', 'Sun|孙', 'Ma|马', 'Zhu|朱', 'Hu|胡', 'Guo|郭', 'He|何', 'Lin|林', 'Gao|高', 'Luo|罗', 'Zheng|郑', 'Liang|梁', 'Xie|谢', 'Song|宋', 'Tang|唐', 'Deng|邓', 'Feng|冯', 'Han|韩', 'Cao|曹', 'Zeng|曾'],
    middleChance: 0,
    familyFirst: true,
    nativeRepresentation: 'IDE',
    nativeSeparator: '',
  },
  {
    key: 'japanese',
    weight: 3,
    languages: [{ code: 'ja', display: 'Japanese' }],
    male: ['Haruto|陽翔', 'Sōta|蒼太', 'Yūto|悠人', 'Hiroshi|博', 'Takashi|隆', 'Kenji|健二', 'Daisuke|大輔', 'Shōta|翔太', 'Takumi|拓海', 'Ren|蓮', 'Kaito|海斗', 'Ryōta|亮太', 'Kazuki|和樹', 'Satoshi|聡', 'Makoto|誠', 'Akira|明', 'Tatsuya|達也', 'Yūsuke|祐介', 'Naoki|直樹'],
    female: ['Yui|結衣', 'Aoi|葵', 'Hina|陽菜', 'Sakura|さくら', 'Yuna|優奈', 'Haruka|遥', 'Misaki|美咲', 'Ayaka|彩花', 'Nanami|七海', 'Yōko|洋子', 'Keiko|恵子', 'Tomoko|智子', 'Akiko|明子', 'Yumi|由美', 'Mai|舞', 'Emi|恵美', 'Rin|凛', 'Kaori|香織', 'Naomi|直美'],
    family: ['Satō|佐藤', 'Suzuki|鈴木', 'Takahashi|高橋', 'Tanaka|田中', 'Watanabe|渡辺', 'Itō|伊藤', 'Yamamoto|山本', 'Nakamura|中村', 'Kobayashi|小林', 'Katō|加藤', 'Yoshida|吉田', 'Yamada|山田', 'Sasaki|佐々木', 'Yamaguchi|山口', 'Matsumoto|松本', 'Inoue|井上', 'Kimura|木村', 'Hayashi|林', 'Shimizu|清水', 'Saitō|斎藤', 'Mori|森', 'Ikeda|池田', 'Hashimoto|橋本', 'Ishikawa|石川', 'Ogawa|小川'],
    middleChance: 0,
    familyFirst: true,
    nativeRepresentation: 'IDE',
    nativeSeparator: ' ',
  },
  {
    key: 'korean',
    weight: 3,
    languages: [{ code: 'ko', display: 'Korean' }],
    male: ['Min-jun|민준', 'Seo-jun|서준', 'Do-yun|도윤', 'Ji-ho|지호', 'Ha-jun|하준', 'Jun-seo|준서', 'Hyun-woo|현우', 'Ji-hoon|지훈', 'Sung-min|성민', 'Dong-hyun|동현', 'Jae-won|재원', 'Young-ho|영호', 'Sang-woo|상우', 'Tae-yang|태양', 'Jin-woo|진우', 'Kyung-soo|경수'],
    female: ['Seo-yeon|서연', 'Ji-woo|지우', 'Seo-yun|서윤', 'Ha-eun|하은', 'Min-seo|민서', 'Ji-yoo|지유', 'Soo-ah|수아', 'Ji-min|지민', 'Eun-ji|은지', 'Hye-jin|혜진', 'Young-hee|영희', 'Mi-kyung|미경', 'Soo-jin|수진', 'Yoon-ah|윤아', 'Da-eun|다은', 'Ye-jin|예진'],
    family: ['Kim|김', 'Lee|이', 'Park|박', 'Choi|최', 'Jung|정', 'Kang|강', 'Cho|조', 'Yoon|윤', 'Jang|장', 'Lim|임', 'Han|한', 'Oh|오', 'Seo|서', 'Shin|신', 'Kwon|권', 'Hwang|황', 'Ahn|안', 'Song|송', 'Yoo|유', 'Hong|홍'],
    middleChance: 0,
    familyFirst: true,
    nativeRepresentation: 'SYL',
    nativeSeparator: '',
  },
  {
    key: 'vietnamese',
    weight: 4,
    languages: [{ code: 'vi', display: 'Vietnamese' }],
    male: ['An', 'Bảo', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khoa', 'Long', 'Minh', 'Nam', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Thành', 'Trung', 'Tuấn', 'Việt', 'Vinh'],
    female: ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'My', 'Ngân', 'Ngọc', 'Nhung', 'Phương', 'Quỳnh', 'Thảo', 'Thủy', 'Trang', 'Trinh', 'Uyên', 'Yến'],
    family: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương', 'Lâm', 'Mai'],
    middleChance: 0.85,
    middleFrom: { male: ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Công', 'Thanh'], female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Bích', 'Diệu'] },
    familyFirst: true,
  },
  {
    key: 'nigerian',
    weight: 4,
    languages: [
      { code: 'yo', display: 'Yoruba' },
      { code: 'ig', display: 'Igbo' },
      { code: 'ha', display: 'Hausa' },
      { code: 'en-NG', display: 'English (Nigeria)' },
    ],
    male: ['Oluwaseun', 'Adebayo', 'Babatunde', 'Olumide', 'Chukwuemeka', 'Chinedu', 'Obinna', 'Ikechukwu', 'Emeka', 'Tunde', 'Femi', 'Kunle', 'Segun', 'Musa', 'Abubakar', 'Ibrahim', 'Yakubu', 'Uche', 'Nnamdi', 'Kelechi', 'Ayọdele', 'Olúṣẹgun', 'Oladipo', 'Tobenna'],
    female: ['Ngozi', 'Chiamaka', 'Adaeze', 'Chinwe', 'Nkechi', 'Amaka', 'Ifeoma', 'Oluwakemi', 'Folasade', 'Funmilayo', 'Adunni', 'Yetunde', 'Bisola', 'Temitọpẹ', 'Aisha', 'Hauwa', 'Zainab', 'Halima', 'Blessing', 'Chidinma', 'Ebere', 'Ijeoma', 'Títílayọ̀', 'Omolara'],
    family: ['Okafor', 'Okonkwo', 'Eze', 'Nwosu', 'Obi', 'Okeke', 'Nwachukwu', 'Chukwu', 'Adeyemi', 'Adébáyọ̀', 'Ògúnlẹ̀yẹ', 'Oyelaran', 'Balogun', 'Olawale', 'Afolabi', 'Bello', 'Abubakar', 'Mohammed', 'Danjuma', 'Usman', 'Ibekwe', 'Onyekachi', 'Adéwálé', 'Oladipo', 'Akínyẹmí', 'Ojo', 'Ogundipe', 'Adeleke'],
    middleChance: 0.3,
  },
  {
    key: 'russian',
    weight: 3,
    languages: [
      { code: 'ru', display: 'Russian' },
      { code: 'uk', display: 'Ukrainian' },
    ],
    male: ['Aleksandr|Александр', 'Dmitry|Дмитрий', 'Sergey|Сергей', 'Andrey|Андрей', 'Alexey|Алексей', 'Ivan|Иван', 'Mikhail|Михаил', 'Nikolai|Николай', 'Vladimir|Владимир', 'Pavel|Павел', 'Yuri|Юрий', 'Artyom|Артём'],
    female: ['Elena|Елена', 'Olga|Ольга', 'Natalia|Наталья', 'Irina|Ирина', 'Tatiana|Татьяна', 'Svetlana|Светлана', 'Anna|Анна', 'Maria|Мария', 'Ekaterina|Екатерина', 'Yulia|Юлия', 'Anastasia|Анастасия', 'Daria|Дарья'],
    family: ['Ivanov/Ivanova|Иванов/Иванова', 'Smirnov/Smirnova|Смирнов/Смирнова', 'Kuznetsov/Kuznetsova|Кузнецов/Кузнецова', 'Popov/Popova|Попов/Попова', 'Vasiliev/Vasilieva|Васильев/Васильева', 'Petrov/Petrova|Петров/Петрова', 'Sokolov/Sokolova|Соколов/Соколова', 'Mikhailov/Mikhailova|Михайлов/Михайлова', 'Novikov/Novikova|Новиков/Новикова', 'Fyodorov/Fyodorova|Фёдоров/Фёдорова', 'Morozov/Morozova|Морозов/Морозова', 'Volkov/Volkova|Волков/Волкова'],
    middleChance: 0,
    nativeRepresentation: 'ABC',
    nativeSeparator: ' ',
  },
];
