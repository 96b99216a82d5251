"""The captcha can be listened to by people who cannot read its image.

django-simple-captcha has flite spell the characters out; where flite is installed
(the setting finds it on the PATH) the forms offer an audio player. The fake flite
below records what it was asked to say, so the wiring is tested everywhere; the real
one is tested where it is installed, and always in CI.
"""

import os
import re
import shutil
import stat
import wave

import pytest
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore

pytestmark = pytest.mark.django_db
SIGNUP = "/fr/accounts/signup/"
AUDIO = re.compile(r'<audio controls preload="none" src="(/captcha/audio/([0-9a-f]+)\.wav)"')

FAKE_FLITE = """#!/bin/sh
# flite -t TEXT -o FILE: writes the text it was asked to say in place of a sound.
printf 'RIFF%s' "$2" > "$4"
"""


def use_flite(monkeypatch, path):
    # django-simple-captcha reads its settings once, at import.
    monkeypatch.setattr(captcha_settings, "CAPTCHA_FLITE_PATH", path)
    monkeypatch.setattr(captcha_settings, "CAPTCHA_SOX_PATH", None)


@pytest.fixture
def fake_flite(tmp_path, monkeypatch):
    script = tmp_path / "flite"
    script.write_text(FAKE_FLITE)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    use_flite(monkeypatch, str(script))
    return script


def audio_of(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    return AUDIO.search(response.text)


def test_without_flite_there_is_no_audio(client, belval, monkeypatch):
    use_flite(monkeypatch, None)
    response = client.get(SIGNUP)
    assert "<audio" not in response.text
    assert 'class="captcha-image"' in response.text


def test_the_audio_spells_out_the_characters_of_the_image(client, belval, fake_flite):
    found = audio_of(client)
    assert found, "no audio player next to the captcha"
    url, key = found.groups()
    html = client.get(SIGNUP).text
    assert "Écoutez les caractères (épelés en anglais)" in html
    assert 'aria-label="Les caractères à saisir, épelés"' in html

    challenge = CaptchaStore.objects.get(hashkey=key).challenge
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    spoken = b"".join(response.streaming_content).removeprefix(b"RIFF").decode()
    assert spoken == ", ".join(challenge)


def test_an_unknown_or_expired_captcha_has_no_audio(client, belval, fake_flite):
    assert client.get("/captcha/audio/" + "0" * 40 + ".wav").status_code == 410


def test_real_flite_makes_a_wave_file(client, belval, monkeypatch, tmp_path):
    flite = shutil.which("flite")
    if flite is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install flite (Debian package) for the audio captcha")
        pytest.skip("flite is not installed (apt-get install flite)")
    use_flite(monkeypatch, flite)
    url, _key = audio_of(client).groups()
    response = client.get(url)
    assert response.status_code == 200
    path = tmp_path / "captcha.wav"
    path.write_bytes(b"".join(response.streaming_content))
    with wave.open(str(path)) as sound:
        assert sound.getnframes() / sound.getframerate() > 1  # seconds of speech
