"""Officers' authenticator secrets are encrypted at rest (accounts.secret_box, keys from SHIKAYAT_TOTP_KEYS),
and officers get one-time backup codes. Existing clear secrets are encrypted in place; going back decrypts them."""

import django.db.models.deletion
from django.db import migrations, models


def encrypt_secrets(apps, schema_editor):
    from shikayat.accounts import secret_box

    OfficerTotp = apps.get_model("accounts", "OfficerTotp")
    for row in OfficerTotp.objects.all().only("pk", "encrypted_secret"):
        if not secret_box.is_encrypted(row.encrypted_secret):
            OfficerTotp.objects.filter(pk=row.pk).update(encrypted_secret=secret_box.encrypt(row.encrypted_secret))


def decrypt_secrets(apps, schema_editor):
    from shikayat.accounts import secret_box

    OfficerTotp = apps.get_model("accounts", "OfficerTotp")
    for row in OfficerTotp.objects.all().only("pk", "encrypted_secret"):
        if secret_box.is_encrypted(row.encrypted_secret):
            OfficerTotp.objects.filter(pk=row.pk).update(encrypted_secret=secret_box.decrypt(row.encrypted_secret))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_women_cell_role'),
    ]

    operations = [
        migrations.RenameField(model_name='officertotp', old_name='secret', new_name='encrypted_secret'),
        migrations.AlterField(model_name='officertotp', name='encrypted_secret',
                              field=models.CharField(max_length=255)),
        migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False),
        migrations.CreateModel(
            name='BackupCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code_hash', models.CharField(max_length=128)),
                ('created_at', models.DateTimeField()),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('totp', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='backup_codes', to='accounts.officertotp')),
            ],
        ),
    ]
